"""The demo network at a chosen scale, for the growth benchmark (bench/growth.py).

    arshif demo start --sites 30 --articles 1000 --port 8790
    python -m arshif.demo_scale.server --sites 30 --articles 1000 --port 8790

N sites cycle the three designs of the default demo (arshif/demo/: templates, prose, feeds)
under new names, each on its own loopback address of 127.1.0.0/16, with M articles of day 1
each. It lives outside arshif/demo/ on purpose: the default network, its version digest
(`arshif.demo.sites.network_version`, a digest of that folder's files) and the machine-wide
server on 127.0.0.20–23:8765 that the tests share stay exactly as they are.
"""

from arshif.demo_scale.sites import ScaledSite, scaled_sites, sites_yaml

__all__ = ["ScaledSite", "scaled_sites", "sites_yaml"]
