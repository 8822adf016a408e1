"""``arshif verify``: the bucket checked against its manifests and the catalog
(arshif/integrity/verify.py)."""

from __future__ import annotations

import json
import re

import typer

from arshif.cli import app


def _run_key(value: str | None) -> str | None:
    """A run key (20261128T000000Z) or the date of a daily run (2026-11-28)."""
    if value is None:
        return None
    if re.fullmatch(r"\d{8}T\d{6}Z", value):
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value.replace("-", "") + "T000000Z"
    raise typer.BadParameter(f"{value!r} is neither a run key like 20261128T000000Z nor a date like 2026-11-28")


def _check_bucket(store) -> None:
    """The bucket must exist: a verifier never creates the bucket it was asked to check."""
    from botocore.exceptions import BotoCoreError, ClientError

    from arshif.integrity.verify import VerifyError

    try:
        store.client.head_bucket(Bucket=store.bucket)
    except ClientError as exc:
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if status == 404:
            raise VerifyError(f"bucket {store.bucket} does not exist at {store.endpoint_url}; "
                              "set ARSHIF_BUCKET to the archive's bucket") from exc
        raise VerifyError(f"bucket {store.bucket} at {store.endpoint_url} cannot be read: {exc}") from exc
    except BotoCoreError as exc:
        raise VerifyError(f"the object store at {store.endpoint_url} does not answer ({exc}); start it "
                          "(`arshif s3 start`) or set ARSHIF_S3_ENDPOINT to a running S3") from exc


@app.command("verify")
def verify_command(
    deep: bool = typer.Option(False, "--deep", help="Read every object and recompute its SHA-256, and "
                              "check that each catalog capture's WARC position holds its record (slow). "
                              "By default sizes are compared with the listing and SHA-256s with the "
                              "checksum the store recorded at write time."),
    run: str | None = typer.Option(None, "--run", help="Only this run: 20261128T000000Z or 2026-11-28."),
    site: str | None = typer.Option(None, "--site", help="Only this site."),
    no_catalog: bool = typer.Option(False, "--no-catalog", help="Check the bucket alone (e.g. a copy "
                                    "without its catalog): skip the catalog drift checks."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON (progress stays on stderr)."),
) -> None:
    """Check the bucket against its manifests and the catalog; report what is wrong.

    corrupt: size or SHA-256 not what the manifest committed
    missing: named by a manifest, not in the bucket
    incomplete: a site staged (or started) with no manifest, invisible until
      `arshif run --date D` completes it
    drift: the catalog disagrees with the bucket (manifests not applied,
      captures whose manifest is gone, positions outside their object)
    extra: under warc/ cdxj/ captures/ text/ runs/, accounted for by nothing

    Each kind comes with what to do about it. Nothing is changed.
    Exit status: 0 clean, 1 something is wrong, 2 the check could not be done.
    """
    from arshif.catalog import CatalogError, catalog_path
    from arshif.integrity.verify import Progress, VerifyError, format_report, verify
    from storage.errors import StorageError
    from storage.s3 import ObjectStore, resolve_endpoint

    run_key = _run_key(run)
    progress = Progress()
    try:
        store = ObjectStore(resolve_endpoint(start_if_needed=True))
        _check_bucket(store)
        path = None if no_catalog else catalog_path()
        report = verify(store, path, deep=deep, run_key=run_key, site=site, progress=progress)
    except (StorageError, CatalogError, VerifyError) as exc:
        progress.close()
        typer.echo(f"arshif verify: could not verify: {exc}", err=True)
        raise typer.Exit(2) from None
    progress.close()
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_report(report))
    if not report.clean:
        raise typer.Exit(1)
