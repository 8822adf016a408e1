"""``arshif verify``: registered here, built in arshif/ (see docs/architecture.md)."""

from __future__ import annotations

from arshif.cli import app  # noqa: F401
