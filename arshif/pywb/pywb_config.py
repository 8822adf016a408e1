"""pywb's ``config.yaml`` for one bucket: one collection, arshif's merged CDXJ, WARCs read from S3.

pywb reads each WARC record with a ranged read of the bucket's object (``filename`` in the
CDXJ is the WARC's key). Two ways, chosen per store:

- ``http``: ``archive_paths: http://<endpoint>/<bucket>/`` (path-style object URLs; pywb sends
  ``Range`` GETs). Works when the store allows anonymous reads, as the embedded SeaweedFS does
  (it has no identities configured).
- ``s3``: ``archive_paths: s3://<bucket>/`` (pywb's boto3 loader), signed with the standard
  ``AWS_*`` credentials; the endpoint reaches pywb as ``AWS_ENDPOINT_URL_S3`` (see ``pywb_env``).

``auto`` tries an anonymous ranged read of one WARC and picks ``http`` if it works.

Replay never reaches the live web: no ``proxy`` (pywb's proxy mode stays off), no ``recorder``,
no ``$live`` collection, and every replayed page carries a Content-Security-Policy that only
lets it load from pywb itself.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Literal

import yaml

Access = Literal["auto", "http", "s3"]
# pywb's own default, written out so that nobody turns it off by accident: archived pages may
# load only what pywb serves (no live-web leaks from scripts, images or forms).
CSP = ("default-src 'unsafe-eval' 'unsafe-inline' 'self' data: blob: mediastream: ws: wss: ; "
       "form-action 'self'")
# Loopback probes must not go through an HTTP proxy set in the environment.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def object_url(endpoint: str, bucket: str, key: str = "") -> str:
    """The path-style URL of an object (or, with no key, of the bucket's prefix)."""
    return f"{endpoint.rstrip('/')}/{bucket}/{key}"


def anonymous_reads(endpoint: str, bucket: str, key: str, timeout: float = 5.0) -> bool:
    """True when an unsigned ranged GET of ``key`` answers with its bytes."""
    request = urllib.request.Request(object_url(endpoint, bucket, key), headers={"Range": "bytes=0-0"})
    try:
        with _NO_PROXY.open(request, timeout=timeout) as response:
            return response.status in (200, 206) and len(response.read(2)) >= 1
    except (urllib.error.URLError, OSError):
        return False


def choose_access(endpoint: str, bucket: str, sample_key: str | None, access: Access) -> Literal["http", "s3"]:
    if access != "auto":
        return access
    if sample_key and anonymous_reads(endpoint, bucket, sample_key):
        return "http"
    return "s3"


def archive_prefix(endpoint: str, bucket: str, prefix: str, access: Literal["http", "s3"]) -> str:
    """What pywb puts before a CDXJ ``filename`` (a key relative to the store's prefix)."""
    if access == "http":
        return object_url(endpoint, bucket, prefix)
    return f"s3://{bucket}/{prefix}"


def write_config(directory: Path, collection: str, index: Path, archive: str) -> Path:
    """Write ``directory/config.yaml`` (pywb reads it from its working directory)."""
    config = {
        "collections": {collection: {"index_paths": str(index), "archive_paths": archive}},
        "framed_replay": True,
        "client_side_replay": False,
        "enable_memento": True,
        "redirect_to_exact": True,
        "csp-header": CSP,
    }
    path = directory / "config.yaml"
    header = ("# Written by arshif (arshif/pywb/pywb_config.py) for `arshif replay`; rewritten at\n"
              "# each start. No proxy, recorder or live collection: replay never reaches the web.\n")
    path.write_text(header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return path


def pywb_env(directory: Path, endpoint: str, access: Literal["http", "s3"],
             base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the pywb process."""
    env = dict(os.environ if base is None else base)
    # pywb's HTTP loader uses requests, which honours *_proxy variables: not for our own store.
    env["NO_PROXY"] = env["no_proxy"] = ",".join(
        filter(None, [env.get("NO_PROXY") or env.get("no_proxy"), "127.0.0.1", "localhost", "::1"]))
    if access == "s3":
        # pywb's S3 loader has no endpoint option; boto3 takes it from the environment.
        # ARSHIF_S3_ENDPOINT wins over AWS_ENDPOINT_URL*, as everywhere in arshif.
        env["AWS_ENDPOINT_URL_S3"] = endpoint
        env.setdefault("AWS_DEFAULT_REGION", env.get("AWS_REGION") or "us-east-1")
        if not (env.get("AWS_ACCESS_KEY_ID") or env.get("AWS_PROFILE")
                or Path(env.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials").expanduser().is_file()):
            # SeaweedFS without identities accepts any key; boto3 needs one to sign.
            env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"] = "arshif", "arshif"
        if not (env.get("AWS_CONFIG_FILE") or Path("~/.aws/config").expanduser().is_file()):
            # Path-style object URLs: a store on a plain host name has no <bucket>.<host> names.
            aws_config = directory / "aws-config"
            aws_config.write_text("[default]\ns3 =\n    addressing_style = path\n"
                                  "response_checksum_validation = when_required\n")
            env["AWS_CONFIG_FILE"] = str(aws_config)
    return env
