"""Credentials never leave the environment: a day's run with known, unique credentials (and an
alert webhook whose URL carries a token), then every file under ARSHIF_HOME (logs, catalog,
Airflow's metadata and task logs) and every object in the bucket (gzip members opened) is
searched for them.

The signing key likewise: after `arshif keys init`, a signed export (written under ARSHIF_HOME),
`verify-export` and `ledger head`, no form of the private key (PEM body, PKCS#8 DER, the private
scalar in bytes, hex, base64 or decimal) is in any file under ARSHIF_HOME but the key file, in
any object, or in what the commands printed."""

from __future__ import annotations

import gzip
import uuid
import zipfile
import zlib
from pathlib import Path

import pytest
from arshif_cli import archive_env, arshif, run_demo_days
from key_forms import key_forms

pytestmark = pytest.mark.slow
BUCKET = "arshif-secrets"


def _opened(data: bytes) -> bytes:
    """The bytes, and for gzip data (a WARC's members, one after another) what they hold."""
    if data[:2] != b"\x1f\x8b":
        return data
    out, rest = bytearray(), data
    try:
        while rest[:2] == b"\x1f\x8b":
            member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += member.decompress(rest)
            rest = member.unused_data
    except zlib.error:
        return data + gzip.decompress(data)
    return bytes(out)


def _unzipped(data: bytes) -> bytes:
    """A ZIP's members (a WACZ: its WARC's gzip members opened too), else the bytes as they are."""
    if data[:4] != b"PK\x03\x04":
        return data
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return data + b"".join(_opened(zf.read(name)) for name in zf.namelist())


def test_no_credential_is_written_anywhere(tmp_path_factory, s3_endpoint, demo_server):
    from storage.s3 import ObjectStore

    secret, key_id, token = (f"arshif-{what}-{uuid.uuid4().hex}" for what in ("secret", "keyid", "token"))
    home = tmp_path_factory.mktemp("secrets-home")
    env = {**archive_env(home, s3_endpoint, BUCKET), "AWS_ACCESS_KEY_ID": key_id,
           "AWS_SECRET_ACCESS_KEY": secret,
           # Nothing listens there: a delivery failure is logged, and must not log the token.
           "ARSHIF_ALERT_WEBHOOK": f"http://127.0.0.1:9/hook?token={token}"}
    run_demo_days(env, (1,))
    printed = [arshif(env, "keys", "init")]
    key_file = Path(home) / "keys" / "signing-key.pem"
    exported = Path(home) / "exports" / "levant-post.wacz"
    exported.parent.mkdir()
    printed.append(arshif(env, "export", "--site", "levant-post", "--format", "wacz", "--sign", "-o", str(exported)))
    printed += [arshif(env, "verify-export", str(exported)), arshif(env, "ledger", "head"),
                arshif(env, "keys", "show"), arshif(env, "verify")]
    needles = [s.encode() for s in (secret, key_id, token)] + key_forms(key_file)
    for result in printed:
        assert not [n for n in needles if n in (result.stdout + result.stderr).encode()], result.args

    searched = []
    for path in Path(home).rglob("*"):
        if path.is_file() and "seaweedfs" not in path.parts and path != key_file:
            data = _unzipped(_opened(path.read_bytes()))
            searched.append(path.name)
            assert not [n for n in needles if n in data], path
    store = ObjectStore(s3_endpoint, BUCKET)
    objects = 0
    for info in store.list(""):
        data = _opened(store.get(info.key))
        objects += 1
        assert not [n for n in needles if n in data], info.key
    # The places a leak would be: the catalog, the run's log, each site's crawl log, the WARCs.
    assert "catalog.sqlite" in searched and "20261128T000000Z.log" in searched, searched
    assert {"masr-today.log", "levant-post.log", "gulf-wire.log"} <= set(searched), searched
    assert {"levant-post.wacz", "levant-post.wacz.fixity.json"} <= set(searched), searched
    assert objects > 10 and any(i.key.startswith("ledger/") for i in store.list("ledger/"))
