"""arshif/cli/plain_params.py converts plain values as typer itself would: the same values, and
for anything it does not recognise, typer's own conversion and error message."""

from __future__ import annotations

from enum import StrEnum

import pytest
import typer
import typer.core
from typer import _coercion
from typer.testing import CliRunner

from arshif.cli import plain_params


class Colour(StrEnum):
    red = "red"
    green = "green"


def make_app() -> typer.Typer:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.command()
    def show(word: str = typer.Argument(...), count: int = typer.Option(3, "--count"),
             flag: bool | None = typer.Option(None, "--flag/--no-flag"), colour: Colour = typer.Option(Colour.red),
             ratio: float = typer.Option(0.5)) -> None:
        typer.echo(repr((word, count, flag, colour, ratio)))

    return app


ARGS = [["كلمة"], ["w", "--count", "12"], ["w", "--count", "-4"], ["w", "--count", "1_000"],
        ["w", "--count", "2.0"], ["w", "--count", "abc"], ["w", "--flag"], ["w", "--no-flag"],
        ["w", "--colour", "green"], ["w", "--colour", "GREEN"], ["w", "--colour", "blue"], ["w", "--ratio", "2"]]


@pytest.mark.parametrize("args", ARGS, ids=" ".join)
def test_the_same_as_typer(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    plain_params.install()
    ours = runner.invoke(make_app(), args)
    build = typer.core.build_runtime_param
    assert getattr(build, "arshif_plain", False), "typer's hook was not replaced"
    # typer's own builder (install replaces the name in typer.core, not in typer._coercion)
    monkeypatch.setattr(typer.core, "build_runtime_param", _coercion.build_runtime_param)
    theirs = runner.invoke(make_app(), args)
    assert (ours.exit_code, ours.output) == (theirs.exit_code, theirs.output)

