"""The offline demo news network: three Arabic news sites on loopback, for day 1 and day 2.

masr-today (127.0.0.21), levant-post (127.0.0.22, windows-1256) and gulf-wire (127.0.0.23)
answer on port 8765; 127.0.0.20:8765 is the control API. `make demo` and the end-to-end tests
crawl them; `expected_articles` and `scenario` say what a correct crawl archives.
"""

from arshif.demo.launcher import (
    DemoServerError,
    clear_requests_log,
    ensure_running,
    requests_log,
    set_day,
    status,
    stop,
)
from arshif.demo.model import DEMO_HOST_PORT, DemoSite, ExpectedArticle, Scenario, Section
from arshif.demo.network import expected_articles, render, sites_yaml
from arshif.demo.scenario import scenario
from arshif.demo.sites import CONTROL_HOST, DAY_DATES, DEMO_SITES, site_named

__all__ = [
    "CONTROL_HOST",
    "DAY_DATES",
    "DEMO_HOST_PORT",
    "DEMO_SITES",
    "DemoServerError",
    "DemoSite",
    "ExpectedArticle",
    "Scenario",
    "Section",
    "clear_requests_log",
    "ensure_running",
    "expected_articles",
    "render",
    "requests_log",
    "scenario",
    "set_day",
    "site_named",
    "sites_yaml",
    "status",
    "stop",
]
