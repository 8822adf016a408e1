"""The sites of a scaled demo network: names, addresses, and the sites file to crawl them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from arshif.demo import network
from arshif.demo.model import DemoSite
from arshif.demo.sites import DEMO_SITES

DEFAULT_PORT = 8790
# 127.1.0.0/16: away from the default demo (127.0.0.20-23) and the services on 127.0.0.1.
CONTROL_HOST = "127.1.0.1"
SERVER_NAME = "arshif-demo-scaled"  # what its control API's /status answers in "server"
SITES_PER_BLOCK = 250  # site i is 127.1.(1 + i // 250).(1 + i % 250)
MAX_SITES = SITES_PER_BLOCK * 254


@dataclass(frozen=True)
class ScaledSite(DemoSite):
    """A demo site built from one of the three designs (`design`), on any port (`port`)."""

    design: str = ""  # the default site whose templates, sections and prose it uses


def host_of(index: int) -> str:
    """The loopback address of the site number `index` (0-based)."""
    return f"127.1.{1 + index // SITES_PER_BLOCK}.{1 + index % SITES_PER_BLOCK}"


def scaled_sites(count: int, port: int = DEFAULT_PORT) -> list[ScaledSite]:
    """`count` sites cycling masr-today, levant-post and gulf-wire: "masr-today-01", …"""
    if not 1 <= count <= MAX_SITES:
        raise ValueError(f"a scaled demo network has 1 to {MAX_SITES} sites, not {count}")
    sites = []
    for index in range(count):
        design = DEMO_SITES[index % len(DEMO_SITES)]
        fields = {name: getattr(design, name) for name in DemoSite.__dataclass_fields__}
        fields.update(name=f"{design.name}-{index + 1:02d}", title=f"{design.title} {index + 1}",
                      host=host_of(index), port=port)
        sites.append(ScaledSite(**fields, design=design.name))
    return sites


def writing_site(site: ScaledSite) -> DemoSite:
    """What the prose writer is given: the design's name (its vocabulary, its dialect) with the
    scaled site's own title (the `{site_name}` slot)."""
    design = next(s for s in DEMO_SITES if s.name == site.design)
    return replace(design, title=site.title)


def sites_yaml(sites: list[ScaledSite]) -> str:
    """The sites file (YAML) of a scaled network, as `arshif run --sites` reads it."""
    return network.sites_yaml(sites, header=f"# A scaled demo network: {len(sites)} sites (arshif.demo.scale).")
