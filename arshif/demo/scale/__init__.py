"""The demo network at a chosen scale, for the growth benchmark (bench/growth.py).

    arshif demo start --sites 30 --articles 1000 --port 8790
    python -m arshif.demo.server --sites 30 --articles 1000 --port 8790

N sites cycle the three designs of the default demo (arshif/demo/: templates, prose, feeds)
under new names, each on its own loopback address of 127.1.0.0/16, with M articles of day 1
each; the demo's server (arshif/demo/server.py) serves them, started and stopped as the default
one is (launcher.py here, over arshif/demo/server_process.py). The default network, its version
digest (`arshif.demo.sites.network_version`, which leaves this folder out) and the machine-wide
server on 127.0.0.20–23:8765 that the tests share do not change with a scaled one.
"""

from arshif.demo.scale.sites import ScaledSite, scaled_sites, sites_yaml

__all__ = ["ScaledSite", "scaled_sites", "sites_yaml"]
