"""The one-site mini network of the fault tests: gulf-wire of the demo network, alone."""

from __future__ import annotations

from pathlib import Path

import yaml

from arshif.demo import sites_yaml

SITE = "gulf-wire"


def one_site_file(folder: Path, **politeness) -> Path:
    """The demo network's sites file with gulf-wire alone (and its politeness overridden)."""
    config = yaml.safe_load(sites_yaml())
    site = next(s for s in config["sites"] if s["name"] == SITE)
    site["politeness"] = {**site.get("politeness", {}), **politeness}
    host = site["domains"][0]
    config["sites"] = [site]
    config["allow_private_addresses"] = [a for a in config["allow_private_addresses"] if a.startswith(host + ":")]
    path = folder / "sites.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path
