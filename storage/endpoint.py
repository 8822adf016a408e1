"""Where the S3 store is and which keys to use: light (no boto3), shared by ``storage.s3`` and
the read-only ``storage.reader`` that ``arshif get`` and ``diff`` use."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from storage.errors import StoreUnavailable

_HINT = "start the embedded store with `arshif s3 start`, or set ARSHIF_S3_ENDPOINT to a running S3"


def resolve_endpoint(home: Path | None = None, start_if_needed: bool = False) -> str:
    """The S3 endpoint: ``ARSHIF_S3_ENDPOINT``, else the embedded SeaweedFS of ``ARSHIF_HOME``.

    ``ARSHIF_S3_ENDPOINT`` wins over ``AWS_ENDPOINT_URL*``. When the embedded store is not
    running it is started if ``start_if_needed``; otherwise ``StoreUnavailable`` is raised.
    """
    configured = os.environ.get("ARSHIF_S3_ENDPOINT", "").strip()
    if configured:
        return configured.rstrip("/")

    from storage import seaweedfs

    if home is None:
        from arshif.home import arshif_home

        home = arshif_home()
    if start_if_needed:
        embedded = seaweedfs.start(home)
        if not embedded.already_running:
            # It keeps running after this command: say so, and how to stop it.
            print(f"arshif: started the embedded SeaweedFS at {embedded.endpoint_url} "
                  "(`arshif s3 stop` stops it)", file=sys.stderr)
        return embedded.endpoint_url
    running = seaweedfs.status(home)
    if running and running["answering"]:
        return str(running["endpoint"])
    state = "is not answering" if running else "is not running"
    raise StoreUnavailable(
        f"no S3 store: ARSHIF_S3_ENDPOINT is unset and the embedded SeaweedFS under {home} "
        f"{state}; {_HINT}"
    )


def credentials_or_dummy() -> dict[str, str]:
    """Keys to pass to boto3: none (its own search) when the environment names some, else a dummy pair."""
    # SeaweedFS without identities accepts any key; AWS and friends need real ones. Use the
    # standard AWS_* variables, a profile or a credentials file when there is one, otherwise a
    # dummy pair (and skip boto3's slow search of instance metadata that would find nothing).
    env = os.environ
    if env.get("AWS_ACCESS_KEY_ID") or env.get("AWS_PROFILE"):
        return {}
    shared = Path(env.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials").expanduser()
    if shared.is_file():
        return {}
    return {"aws_access_key_id": "arshif", "aws_secret_access_key": "arshif"}
