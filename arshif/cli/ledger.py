"""``arshif ledger head|adopt``, ``arshif keys init|show`` and ``arshif verify-export``: the run
ledger (arshif/ledger/), the signing key (arshif/signing.py) and signed exports checked
(arshif/export/verify_export.py)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from arshif.cli import app

ledger_app = typer.Typer(help="The run ledger: an append-only hash chain of the archive's run parts "
                         "and purges, in the bucket (ledger/).", no_args_is_help=True)
keys_app = typer.Typer(help="The archive's signing key (ECDSA P-256) for signed WACZ exports.",
                       no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")
app.add_typer(keys_app, name="keys")


def _fail(command: str, message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"arshif {command}: {message}", err=True)
    return typer.Exit(code)


def _reading_store():
    """The archive's store, for reading: never creates the bucket, never starts a store."""
    from storage.s3 import ObjectStore, resolve_endpoint

    store = ObjectStore(resolve_endpoint(start_if_needed=False))
    store.client.head_bucket(Bucket=store.bucket)
    return store


@ledger_app.command("head")
def head_command(as_json: bool = typer.Option(False, "--json", help="Print it as JSON.")) -> None:
    """Print the ledger's head: its position and the SHA-256 of its bytes, read from the bucket.

    Write it down (or publish it) to witness the archive as it is now: any later change to an
    entry, to a manifest an entry records, or to the entries' order no longer leads to it.
    `arshif verify` checks the chain from the first entry to the head.
    """
    from botocore.exceptions import BotoCoreError, ClientError

    from arshif import ledger
    from storage.errors import StorageError

    try:
        store = _reading_store()
        found = ledger.head(store)
    except (StorageError, ClientError, BotoCoreError, ledger.LedgerError) as exc:
        raise _fail("ledger head", f"cannot read the ledger: {exc}") from None
    info = {**found.to_dict(), "bucket": store.url(ledger.PREFIX)}
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    if not found.position:
        typer.echo(f"the ledger at {info['bucket']} is empty: no run part committed yet")
        return
    what = found.entry or {}
    recorded = (f"run {what.get('run_key')} {what.get('site')}" if what.get("kind") == "run-part"
                else f"purge {what.get('takedown')}")
    typer.echo(f"ledger head  position {found.position}  sha256 {found.sha256}\n"
               f"  entry      {store.url(found.key)}\n"
               f"  records    {recorded}, recorded {what.get('recorded_at')}")


@ledger_app.command("adopt")
def adopt_command() -> None:
    """Append entries for committed manifests and purges that no entry records yet (an archive
    made before the ledger existed), oldest run first. Safe to run again."""
    from arshif import ledger
    from arshif.catalog import Catalog
    from storage.errors import StorageError
    from storage.s3 import open_store

    catalog = Catalog()
    try:
        added = ledger.adopt(open_store(), catalog)
    except (StorageError, ledger.LedgerError) as exc:
        raise _fail("ledger adopt", str(exc), 1) from None
    finally:
        catalog.close()
    for entry in added:
        typer.echo(f"entry {entry.position}  {entry.sha256}  {(entry.entry or {}).get('object', {}).get('key')}")
    typer.echo(f"{len(added)} entries appended")


@keys_app.command("init")
def keys_init_command() -> None:
    """Create the archive's signing key under ARSHIF_HOME/keys/ (mode 0600) and print its public
    key. With ARSHIF_SIGNING_KEY_FILE set, that file is used instead and nothing is created."""
    import os

    from arshif import signing

    if os.environ.get(signing.KEY_ENV, "").strip():
        raise _fail("keys init", f"{signing.KEY_ENV} names the key to use ({signing.key_path()}): "
                    "nothing to create; unset it to create one under ARSHIF_HOME", 1)
    try:
        path, public = signing.init_key()
    except signing.SigningError as exc:
        raise _fail("keys init", str(exc), 1) from None
    typer.echo(f"created {path} (mode 0600; keep it secret, back it up)")
    _print_public(public)


@keys_app.command("show")
def keys_show_command() -> None:
    """Print the signing key's public key and fingerprint (never the private key)."""
    from arshif import signing

    try:
        public = signing.public_key()
    except signing.SigningError as exc:
        raise _fail("keys show", str(exc), 1) from None
    typer.echo(f"key file    {signing.key_path()}")
    _print_public(public)


def _print_public(public) -> None:
    typer.echo(f"public key  {public.spki_b64}\nfingerprint sha256:{public.fingerprint}")


@app.command("verify-export")
def verify_export_command(
    wacz: Path = typer.Argument(..., help="The WACZ package to check.", exists=True, dir_okay=False),
    no_archive: bool = typer.Option(False, "--no-archive", help="Do not look for the archive's ledger."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
) -> None:
    """Check a WACZ as WACZ Signing and Verification 0.1.0 says: every file against
    datapackage.json, datapackage.json against datapackage-digest.json, the signature of its
    hash; then, with the archive at hand (ARSHIF_S3_ENDPOINT, ARSHIF_BUCKET), that the run
    ledger entries the package names are in the archive's chain.

    Exit status: 0 every check that could be made passed, 1 something is wrong.
    """
    from arshif import signing
    from arshif.export.verify_export import verify_export

    store = None
    if not no_archive:
        try:
            store = _reading_store()
        except Exception:  # noqa: BLE001 - no store, no bucket: the ledger check says "not at hand"
            store = None
    try:
        own = signing.public_key() if signing.key_path().exists() else None
    except signing.SigningError:
        own = None
    result = verify_export(wacz, store, own)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(f"arshif verify-export {wacz}")
        for f in result.findings:
            state = {True: "ok", False: "FAILED", None: "not checked"}[f.ok]
            typer.echo(f"  {f.check:<9} {state}: {f.subject}\n            {f.detail}")
        typer.echo("result: " + ("VERIFIED" if result.verified else
                                 f"NOT VERIFIED: {len(result.failed)} finding(s) failed"))
    if not result.verified:
        raise typer.Exit(1)
