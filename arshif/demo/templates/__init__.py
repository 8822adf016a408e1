"""One HTML template per demo site; each module has home, section, article and not_found."""

from __future__ import annotations

from types import ModuleType

from arshif.demo.templates import gulf_wire, levant_post, masr_today

TEMPLATES: dict[str, ModuleType] = {
    "masr-today": masr_today,
    "levant-post": levant_post,
    "gulf-wire": gulf_wire,
}
