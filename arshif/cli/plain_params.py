"""Plain command-line values without Pydantic: what keeps ``arshif get URL`` fast to start.

Typer (0.2x) converts every parameter through a Pydantic ``TypeAdapter``, built on first use:
importing Pydantic and building the adapters costs ~100 ms per call, more than the whole of
``arshif history`` once started. Almost every value we take is a plain str, bool, int or a
choice of an Enum, which needs no Pydantic; :func:`install` has typer convert those directly
and hands anything else (paths, ranges, lists, a value we do not recognise) to typer's own
conversion, which then gives its usual result or error message.

It uses typer's internal ``typer.core.build_runtime_param`` hook: if a typer release renames
it, :func:`install` does nothing and typer converts every value itself (slower, still correct).
tests/cli/test_cli_imports.py fails when that happens (Pydantic is imported again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

_INTEGER = re.compile(r"-?[0-9]+")
# Pydantic's lax booleans (what typer accepts), after strip and lower-case.
_BOOLEANS = {"": False, "0": False, "off": False, "f": False, "false": False, "n": False, "no": False,
             "1": True, "on": True, "t": True, "true": True, "y": True, "yes": True}
_MISSING = object()


def _plain(annotation: Any, value: Any) -> Any:
    """The converted value, or _MISSING when typer's own conversion should decide."""
    if annotation is str:
        return value if isinstance(value, str) else _MISSING
    if annotation is bool:
        if isinstance(value, bool):
            return value
        return _BOOLEANS.get(value.strip().lower(), _MISSING) if isinstance(value, str) else _MISSING
    if annotation is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return int(value) if isinstance(value, str) and _INTEGER.fullmatch(value) else _MISSING
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if isinstance(value, annotation):
            return value
        for member in annotation:  # an exact match; other spellings go to typer (case rules, message)
            if isinstance(value, str) and str(member.value) == value:
                return member
    return _MISSING


def install() -> None:
    """Have typer convert plain values without Pydantic (see the module's docstring)."""
    try:
        import typer.core as typer_core
        from typer._coercion import RuntimeParam
    except ImportError:
        return
    typer_build = getattr(typer_core, "build_runtime_param", None)
    if typer_build is None or getattr(typer_build, "arshif_plain", False):
        return

    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):  # type: ignore[misc,valid-type]
        descriptor: Any = None
        _typer: list = field(default_factory=list)  # typer's own converter, built when first needed

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            converted = _plain(self.annotation, value)
            if converted is not _MISSING:
                return converted
            if not self._typer:
                self._typer.append(typer_build(self.descriptor))
            return self._typer[0]._coerce_value(value, param=param, ctx=ctx)

    def build(descriptor: Any) -> Any:
        info, annotation = descriptor.parameter_info, descriptor.annotation
        simple = (annotation in (str, bool, int) or (isinstance(annotation, type) and issubclass(annotation, Enum)))
        plain_info = (getattr(info, "parser", None) is None and getattr(info, "min", None) is None
                      and getattr(info, "max", None) is None and getattr(info, "click_type", None) is None)
        if simple and plain_info and descriptor.file_annotation is None and not descriptor.is_path:
            return PlainRuntimeParam(parameter_info=info, annotation=annotation, descriptor=descriptor)
        return typer_build(descriptor)

    build.arshif_plain = True  # type: ignore[attr-defined]
    typer_core.build_runtime_param = build
