"""Signed WACZ exports (wacz-auth 0.1.0) on small run parts archived into a real SeaweedFS.

The independent checks: `wacz validate` (the `wacz` package) passes on a signed export; the
signature is verified in this file by the recommendation's own steps, written with the
`cryptography` package (the `wacz` validator checks signatures only through authsign, which
verifies domain-certificate signatures, not anonymous ones); and `arshif verify-export` verifies
signed packages made by the reference implementations (ArchiveWeb.page, authsign: fixtures/).
Tampering is reported naming the file or ledger entry.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from arshif_cli import arshif
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from key_forms import key_forms, opened
from small_parts import archive_part

from arshif import ledger, signing
from arshif.catalog import Catalog
from arshif.export import Selection, export
from arshif.export.verify_export import verify_export
from storage.s3 import ObjectStore

BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).parent / "fixtures"
SITES = ("masr-today", "levant-post", "gulf-wire")


@pytest.fixture
def signed(store, tmp_path, monkeypatch):
    """Three run parts; the archive's key; levant-post exported as a signed WACZ."""
    monkeypatch.setenv("ARSHIF_HOME", str(tmp_path / "home"))
    monkeypatch.delenv(signing.KEY_ENV, raising=False)
    store.ensure_bucket()
    catalog = Catalog(tmp_path / "catalog.sqlite")
    for i, site in enumerate(SITES):
        archive_part(store, catalog, tmp_path / "staged", site, host=21 + i)
    key_file, public = signing.init_key()
    out = tmp_path / "out"
    out.mkdir()
    summary = export(store, catalog, Selection(site="levant-post"), "wacz", out / "levant.wacz", sign=True)
    yield {"store": store, "catalog": catalog, "wacz": out / "levant.wacz", "summary": summary,
           "public": public, "key_file": key_file}
    catalog.close()


def read(wacz: Path, name: str) -> bytes:
    with zipfile.ZipFile(wacz) as zf:
        return zf.read(name)


def replace_member(wacz: Path, name: str, change) -> None:
    """The package rewritten with one member changed (the others as they were)."""
    with zipfile.ZipFile(wacz) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(wacz, "w") as zout:
        for info, data in items:
            zout.writestr(info, change(data) if info.filename == name else data)


def failed(result) -> list[tuple[str, str]]:
    return [(f.check, f.subject) for f in result.failed]


def test_the_key_is_created_readable_by_its_owner_only(signed):
    key_file = signed["key_file"]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    with pytest.raises(signing.SigningError, match="already exists"):
        signing.init_key()
    assert signing.public_key() == signed["public"]


def test_wacz_validate_passes_on_a_signed_export(signed):
    result = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(signed["wacz"])],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Has signature" in result.stdout


def test_the_signature_verifies_by_the_recommendations_steps(signed):
    """wacz-auth 0.1.0, "Verification": 1) the package's files match datapackage.json,
    2) datapackage-digest.json's hash is datapackage.json's, 3) the signature of that hash
    verifies with publicKey. Written here with `cryptography`, not with arshif's code."""
    wacz = signed["wacz"]
    package_bytes = read(wacz, "datapackage.json")
    package, digest = json.loads(package_bytes), json.loads(read(wacz, "datapackage-digest.json"))
    for resource in package["resources"]:
        assert "sha256:" + hashlib.sha256(read(wacz, resource["path"])).hexdigest() == resource["hash"]
    assert digest["hash"] == "sha256:" + hashlib.sha256(package_bytes).hexdigest()
    signed_data = digest["signedData"]
    assert signed_data["hash"] == digest["hash"] and signed_data["created"] == package["created"]
    assert set(signed_data) >= {"hash", "created", "software", "version", "signature", "publicKey"}
    public = serialization.load_der_public_key(base64.b64decode(signed_data["publicKey"]))
    assert isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name == "secp256r1"
    public.verify(base64.b64decode(signed_data["signature"]), signed_data["hash"].encode(), ec.ECDSA(hashes.SHA256()))
    assert signed_data["publicKey"] == signed["public"].spki_b64
    # …and not for another hash
    with pytest.raises(InvalidSignature):
        public.verify(base64.b64decode(signed_data["signature"]), b"sha256:" + b"0" * 64, ec.ECDSA(hashes.SHA256()))


def test_the_export_names_its_ledger_entries_and_verifies_clean(signed):
    store, wacz = signed["store"], signed["wacz"]
    entry = ledger.read_entry(store, 2)
    assert entry.entry["site"] == "levant-post"
    package = json.loads(read(wacz, "datapackage.json"))
    named = package["arshif"]["ledger"]
    assert [(e["position"], e["sha256"], e["key"]) for e in named["entries"]] == [(2, entry.sha256, entry.key)]
    assert named["head"] == {"position": 3, "sha256": ledger.head(store).sha256}
    fixity = json.loads(Path(signed["summary"]["fixity"]).read_text(encoding="utf-8"))
    assert fixity["ledger"] == named and {c["ledger"] for c in fixity["captures"]} == {2}
    assert fixity["signature"]["publicKey"] == signed["public"].spki_b64

    result = verify_export(wacz, store, signed["public"])
    assert result.verified and [(f.check, f.ok) for f in result.findings] == [
        ("package", True), ("digest", True), ("signature", True), ("ledger", True)]
    assert result.signature["own_key"] is True and result.signature["curve"] == "secp256r1"


def test_one_changed_byte_of_datapackage_json_is_reported(signed):
    wacz = signed["wacz"]
    replace_member(wacz, "datapackage.json", lambda data: data.replace(b"arshif export", b"arshif exporT", 1))
    result = verify_export(wacz, signed["store"], signed["public"])
    assert failed(result) == [("digest", "datapackage.json")]
    assert "changed after it was digested and signed" in result.failed[0].detail
    validate = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(wacz)], capture_output=True, text=True)
    assert validate.returncode != 0  # the independent validator agrees


def test_a_flipped_warc_byte_in_the_package_names_the_warc(signed):
    wacz = signed["wacz"]
    name = next(n for n in zipfile.ZipFile(wacz).namelist() if n.startswith("archive/"))

    def flip(data: bytes) -> bytes:
        changed = bytearray(data)
        changed[len(changed) // 2] ^= 1
        return bytes(changed)

    replace_member(wacz, name, flip)
    assert failed(verify_export(wacz, signed["store"], signed["public"])) == [("package", name)]


def test_a_ledger_entry_deleted_from_the_archive_is_named(signed):
    store = signed["store"]
    store.client.delete_object(Bucket=store.bucket, Key=store.full_key(ledger.entry_key(2)))
    result = verify_export(signed["wacz"], store, signed["public"])
    assert failed(result) == [("ledger", ledger.entry_key(2)), ("ledger", ledger.entry_key(2))]
    assert "missing" in result.failed[0].detail and "not in the archive's ledger" in result.failed[1].detail
    # Without the archive, what the package itself proves still verifies.
    assert verify_export(signed["wacz"], None, signed["public"]).verified
    # Another archive at hand: its ledger is not the package's, and is not checked against it.
    other = ObjectStore(store.endpoint_url, store.bucket, prefix=store.prefix + "other")
    result = verify_export(signed["wacz"], other, signed["public"])
    assert result.verified and "the package comes from" in result.findings[-1].detail


def test_a_key_from_a_secret_file_named_by_the_environment(signed, tmp_path, monkeypatch):
    secret = tmp_path / "secret.pem"
    key = ec.generate_private_key(ec.SECP256R1())
    secret.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                         serialization.NoEncryption()))
    monkeypatch.setenv(signing.KEY_ENV, str(secret))
    out = tmp_path / "other.wacz"
    export(signed["store"], signed["catalog"], Selection(site="gulf-wire"), "wacz", out, sign=True)
    digest = json.loads(read(out, "datapackage-digest.json"))
    assert digest["signedData"]["publicKey"] == signing.PublicKey.of(key.public_key()).spki_b64
    result = verify_export(out, signed["store"], signed["public"])
    assert result.verified and result.signature["own_key"] is False  # not the ARSHIF_HOME key
    monkeypatch.setenv(signing.KEY_ENV, str(tmp_path / "absent.pem"))
    with pytest.raises(signing.SigningError, match="absent.pem"):
        export(signed["store"], signed["catalog"], Selection(site="gulf-wire"), "wacz", tmp_path / "x.wacz", sign=True)


def test_signed_packages_made_by_the_reference_implementations_verify():
    anonymous = verify_export(FIXTURES / "archiveweb-page-anon-sig.wacz")
    assert anonymous.verified and anonymous.signature["type"] == "anonymous"
    assert anonymous.signature["curve"] == "secp384r1"  # WebCrypto's raw r‖s signature
    assert anonymous.signature["software"].startswith("Webrecorder ArchiveWeb.page")
    domain = verify_export(FIXTURES / "authsign-domain-sig.wacz")
    assert domain.verified and domain.signature["domain"] == "btrix-sign-test.webrecorder.net"
    assert domain.signature["time_stamp"]["time"] == "2022-01-18T19:00:12+00:00"
    # py-wacz's "invalid" example: its certificate chains to Let's Encrypt's staging root.
    staging = verify_export(FIXTURES / "authsign-staging-root-sig.wacz")
    assert failed(staging) == [("signature", "datapackage-digest.json")]
    assert "not a trusted root" in staging.failed[0].detail


def test_the_commands(s3_endpoint, tmp_path):
    """`arshif keys init`, `export --sign`, `verify-export`, `ledger head` in a bucket of their own."""
    home, bucket = tmp_path / "home", f"arshif-signed-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "ARSHIF_HOME": str(home), "ARSHIF_S3_ENDPOINT": s3_endpoint, "ARSHIF_BUCKET": bucket}
    for name in ("ARSHIF_INDEX_URL", signing.KEY_ENV):
        env.pop(name, None)
    store = ObjectStore(s3_endpoint, bucket)
    store.ensure_bucket()
    catalog = Catalog(home / "catalog.sqlite")
    for i, site in enumerate(SITES):
        archive_part(store, catalog, tmp_path / "staged", site, host=21 + i)
    catalog.close()
    init = arshif(env, "keys", "init")
    assert "public key  MFkw" in init.stdout and "PRIVATE" not in init.stdout + init.stderr
    out = tmp_path / "levant-post.wacz"
    arshif(env, "export", "--site", "levant-post", "--format", "wacz", "--sign", "-o", str(out))
    checked = arshif(env, "verify-export", str(out))
    print(checked.stdout)
    assert checked.stdout.rstrip().endswith("result: VERIFIED") and "this archive's key" in checked.stdout
    head = arshif(env, "ledger", "head")
    print(head.stdout)
    info = json.loads(arshif(env, "ledger", "head", "--json").stdout)
    assert info["position"] == 3 and info["sha256"] == ledger.head(store).sha256 and info["sha256"] in head.stdout
    unsigned = arshif(env, "export", "--site", "levant-post", "--format", "warc", "--sign",
                      "-o", str(tmp_path / "x.warc.gz"), check=False)
    assert unsigned.returncode == 2 and "--format wacz" in unsigned.stderr
    # The private key is in its file only: not in any other file under ARSHIF_HOME, the export,
    # any object, or what the commands printed.
    needles = key_forms(home / "keys" / "signing-key.pem")
    for result in (init, checked, head):
        assert not [n for n in needles if n in (result.stdout + result.stderr).encode()]
    for path in [*home.rglob("*"), out, *out.parent.glob(out.name + ".*")]:
        if path.is_file() and path.name != "signing-key.pem":
            data = opened(path.read_bytes())
            assert not [n for n in needles if n in data], path
    for info in store.list(""):
        assert not [n for n in needles if n in opened(store.get(info.key))], info.key

    replace_member(out, "datapackage.json", lambda data: data.replace(b"levant-post", b"levant-pOst", 1))
    broken = arshif(env, "verify-export", str(out), check=False)
    assert broken.returncode == 1 and "digest    FAILED: datapackage.json" in broken.stdout
