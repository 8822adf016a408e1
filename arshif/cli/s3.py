"""``arshif s3 start|stop|status``: the embedded SeaweedFS that holds the archive by default."""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

import typer

from arshif.cli import app

s3_app = typer.Typer(
    help="The embedded S3 store (SeaweedFS on loopback ports, data under ARSHIF_HOME).",
    no_args_is_help=True,
)
app.add_typer(s3_app, name="s3")


@s3_app.command("start")
def start_command(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for S3 to answer.")] = 60.0,
) -> None:
    """Start the embedded SeaweedFS (or find it running) and print how to reach it."""
    from arshif.home import arshif_home
    from storage import seaweedfs
    from storage.errors import StorageError

    home = arshif_home()
    try:
        embedded = seaweedfs.start(home, timeout=timeout)
    except StorageError as exc:
        typer.echo(f"arshif s3 start: {exc}", err=True)
        raise typer.Exit(1) from exc
    verb = "already running" if embedded.already_running else "started"
    typer.echo(f"SeaweedFS {verb} (pid {embedded.pid}).")
    _describe(
        {
            "endpoint": embedded.endpoint_url,
            "data_dir": str(embedded.data_dir),
            "log": str(embedded.log_path),
        }
    )
    if os.environ.get("ARSHIF_S3_ENDPOINT"):
        typer.echo(
            f"Note: ARSHIF_S3_ENDPOINT={os.environ['ARSHIF_S3_ENDPOINT']} is set, so arshif "
            "uses that store, not this one."
        )


@s3_app.command("stop")
def stop_command(
    timeout: Annotated[
        float,
        typer.Option(help="Seconds to wait after SIGTERM before SIGKILL (a clean stop takes ~16)."),
    ] = 20.0,
) -> None:
    """Stop the embedded SeaweedFS; the data stays under ARSHIF_HOME."""
    from arshif.home import arshif_home
    from storage import seaweedfs

    home = arshif_home()
    if seaweedfs.status(home) is not None:
        typer.echo("Stopping SeaweedFS (it takes up to ~16 s to shut down cleanly)...")
    if seaweedfs.stop(home, timeout=timeout):
        typer.echo(f"Stopped. The data stays in {seaweedfs.WeedFiles(home).data}.")
    else:
        typer.echo(f"SeaweedFS was not running under {home}.")


@s3_app.command("status")
def status_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """Show whether the embedded SeaweedFS runs, and where. Exit 1 when it does not answer."""
    from arshif.home import arshif_home
    from storage import seaweedfs

    home = arshif_home()
    state = seaweedfs.status(home)
    if as_json:
        shown = {"running": True, **state} if state else {"running": False, "home": str(home)}
        typer.echo(json.dumps(shown, indent=2))
    elif state is None:
        typer.echo(f"SeaweedFS is not running under {home}; start it with `arshif s3 start`.")
    else:
        health = "answering" if state["answering"] else "NOT answering (starting, or stuck)"
        typer.echo(f"SeaweedFS is running (pid {state['pid']}), {health}.")
        _describe(state)
    if state is None or not state["answering"]:
        raise typer.Exit(1)


def _describe(state: dict[str, Any]) -> None:
    endpoint = state["endpoint"]
    bucket = os.environ.get("ARSHIF_BUCKET") or "arshif"
    typer.echo(
        f"  endpoint  {endpoint}\n"
        f"  data      {state['data_dir']}\n"
        f"  log       {state['log']}\n"
        "It accepts any access key and secret. To use it from elsewhere:\n"
        f"  export ARSHIF_S3_ENDPOINT={endpoint}   # other arshif commands and workers\n"
        f"  AWS_ACCESS_KEY_ID=any AWS_SECRET_ACCESS_KEY=any aws --endpoint-url {endpoint} "
        f"s3 ls s3://{bucket}/\n"
        f'  boto3.client("s3", endpoint_url="{endpoint}", aws_access_key_id="any", '
        'aws_secret_access_key="any", region_name="us-east-1")'
    )
