"""``arshif verify-export FILE.wacz``: a WACZ checked as WACZ Signing and Verification 0.1.0
says (https://specs.webrecorder.net/wacz-auth/0.1.0/, "Verification"), then against the run
ledger when the archive is at hand.

1. package: every file datapackage.json lists has its size and SHA-256; nothing unlisted;
2. digest: datapackage-digest.json's ``hash`` is datapackage.json's SHA-256;
3. signature: the ``signedData`` signs that hash — anonymous (``publicKey``, ECDSA, DER or raw
   r‖s) or domain (``domainCert``: the first certificate's key, its name, the chain's
   signatures up to a trusted root, and the RFC 3161 ``timeSignature``'s imprint and time —
   not the time-stamp authority's own signature, and the report says so); whose key it is
   (this archive's, or another's);
4. ledger: the entries datapackage.json names (arshif exports) are in the archive's chain, with
   the SHA-256 the package says, recording the manifests it says, before any break.

Each finding names the file or ledger entry concerned.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from arshif.signing import PublicKey

DIGEST = "datapackage-digest.json"
PACKAGE = "datapackage.json"
# SHA-256 fingerprints of the roots a domain signature's chain may end in: Let's Encrypt's
# production roots (ISRG Root X1, ISRG Root X2, DST Root CA X3 (expired), ISRG Root X1
# cross-signed), as authsign trusts them. A chain ending elsewhere (Let's Encrypt's staging
# roots, a private CA) is reported as untrusted.
TRUSTED_DOMAIN_ROOTS = frozenset({
    "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6",
    "69729b8e15a86efc177a57afb7171dfc64add28c2fca8cf1507e34453ccb1470",
    "6d99fb265eb1c5b3744765fcbc648f3cd8e1bffafdc4c2f99b9d47cf7ff1c24f",
    "ee5f7abd6981bb0255632cd8f49283451b4b18844d12040b44ee00f07b8fe2c6",
})
STAMP_TOLERANCE_SECONDS = 600  # wacz-auth: "created" within 10 minutes of the signed timestamp


@dataclass
class Finding:
    check: str          # package, digest, signature, ledger
    ok: bool | None     # None: not checked (and why is in detail)
    subject: str        # the file or ledger entry concerned
    detail: str


@dataclass
class ExportCheck:
    path: str
    findings: list[Finding] = field(default_factory=list)
    signature: dict | None = None

    def add(self, check: str, ok: bool | None, subject: str, detail: str) -> None:
        self.findings.append(Finding(check, ok, subject, detail))

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.ok is False]

    @property
    def verified(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict:
        return {"path": self.path, "verified": self.verified, "signature": self.signature,
                "findings": [asdict(f) for f in self.findings]}


def verify_export(path: Path, store=None, own_key: PublicKey | None = None) -> ExportCheck:
    """Checks the package at ``path``; ``store``: the archive's bucket (None: not at hand);
    ``own_key``: this archive's public key, to say whose signature it is."""
    check = ExportCheck(str(path))
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        check.add("package", False, Path(path).name, f"not a readable WACZ (ZIP) file: {exc}")
        return check
    with zf:
        package_bytes = _member(zf, PACKAGE)
        if package_bytes is None:
            check.add("package", False, PACKAGE, "the package has no datapackage.json")
            return check
        try:
            package = json.loads(package_bytes)
        except ValueError as exc:
            check.add("package", False, PACKAGE, f"not JSON ({exc})")
            package = {}
        _check_resources(zf, package, check)
        digest = _check_digest(zf, package_bytes, check)
    if digest is not None and digest.get("signedData"):
        _check_signature(digest, package, check, own_key)
    else:
        check.add("signature", None, DIGEST, "not signed (no signedData)")
    _check_ledger(package, store, check)
    return check


def _member(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return zf.read(name)
    except KeyError:
        return None


def _check_resources(zf: zipfile.ZipFile, package: dict, check: ExportCheck) -> None:
    listed = set()
    bad = 0
    for resource in package.get("resources") or []:
        name = resource.get("path", "")
        listed.add(name)
        algorithm, _, expected = str(resource.get("hash", "")).partition(":")
        try:
            digest, size = hashlib.new(algorithm or "sha256"), 0
            with zf.open(name) as handle:
                while block := handle.read(1 << 20):
                    digest.update(block)
                    size += len(block)
        except KeyError:
            check.add("package", False, name, "listed in datapackage.json, not in the package")
            bad += 1
            continue
        except (ValueError, zipfile.BadZipFile) as exc:  # unknown algorithm, damaged member
            check.add("package", False, name, f"cannot be read or hashed: {exc}")
            bad += 1
            continue
        if digest.hexdigest() != expected or (resource.get("bytes") is not None and size != resource["bytes"]):
            check.add("package", False, name, f"its {algorithm} is {digest.hexdigest()} ({size} bytes), "
                      f"datapackage.json says {expected} ({resource.get('bytes')} bytes): it was changed")
            bad += 1
    extra = sorted(n for n in zf.namelist() if not n.endswith("/") and n not in listed | {PACKAGE, DIGEST})
    for name in extra:
        check.add("package", False, name, "in the package but not listed in datapackage.json")
    if not bad and not extra:
        check.add("package", True, PACKAGE, f"{len(listed)} files match datapackage.json "
                  f"({', '.join(sorted(listed))})")


def _check_digest(zf: zipfile.ZipFile, package_bytes: bytes, check: ExportCheck) -> dict | None:
    data = _member(zf, DIGEST)
    if data is None:
        check.add("digest", None, DIGEST, "no datapackage-digest.json: nothing ties datapackage.json down")
        return None
    try:
        digest = json.loads(data)
    except ValueError as exc:
        check.add("digest", False, DIGEST, f"not JSON ({exc})")
        return None
    actual = "sha256:" + hashlib.sha256(package_bytes).hexdigest()
    if digest.get("hash") != actual:
        check.add("digest", False, PACKAGE, f"its hash is {actual}, but datapackage-digest.json says "
                  f"{digest.get('hash')}: datapackage.json was changed after it was digested and signed")
    else:
        check.add("digest", True, PACKAGE, f"{actual} matches datapackage-digest.json")
    return digest


def _check_signature(digest: dict, package: dict, check: ExportCheck, own_key: PublicKey | None) -> None:
    from arshif import signing

    signed = digest["signedData"]
    if signed.get("hash") != digest.get("hash"):
        check.add("signature", False, DIGEST, f"signedData signs {signed.get('hash')}, not the package's "
                  f"hash {digest.get('hash')}")
        return
    if package.get("created") and signed.get("created") != package.get("created"):
        check.add("signature", False, DIGEST, f"signedData.created ({signed.get('created')}) is not "
                  f"datapackage.json's created ({package.get('created')})")
    software = signed.get("software") or "unknown software"
    if signed.get("publicKey"):
        try:
            valid, curve = signing.verify(signed["hash"], signed.get("signature", ""), signed["publicKey"])
        except ValueError as exc:
            check.add("signature", False, DIGEST, f"the publicKey or signature cannot be read: {exc}")
            return
        key = PublicKey(signed["publicKey"], hashlib.sha256(base64.b64decode(signed["publicKey"])).hexdigest())
        whose = ("this archive's key" if own_key is not None and own_key.spki_b64 == key.spki_b64 else
                 "not this archive's key: compare the fingerprint with one you trust")
        check.signature = {"type": "anonymous", "curve": curve, "publicKey": key.spki_b64,
                           "fingerprint": key.fingerprint, "software": software,
                           "created": signed.get("created"), "own_key": whose.startswith("this")}
        check.add("signature", valid, DIGEST,
                  (f"valid ECDSA {curve} signature of {signed['hash']} by {software}, "
                   f"key fingerprint sha256:{key.fingerprint} ({whose})") if valid else
                  f"the signature of {signed['hash']} does not verify with the publicKey given")
    elif signed.get("domainCert"):
        _check_domain_signature(signed, check, software)
    else:
        check.add("signature", False, DIGEST, "signedData has neither publicKey nor domainCert")


def _check_domain_signature(signed: dict, check: ExportCheck, software: str) -> None:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        certs = x509.load_pem_x509_certificates(signed["domainCert"].encode("ascii"))
        signature = base64.b64decode(signed.get("signature", ""))
    except ValueError as exc:
        check.add("signature", False, DIGEST, f"domainCert or signature cannot be read: {exc}")
        return
    try:
        certs[0].public_key().verify(signature, signed["hash"].encode("utf-8"), ec.ECDSA(hashes.SHA256()))
        valid = True
    except (InvalidSignature, TypeError, ValueError):
        valid = False
    names = _cert_names(certs[0])
    domain_ok = signed.get("domain") in names
    chain_ok = True
    for cert, issuer in zip(certs, certs[1:], strict=False):
        try:
            cert.verify_directly_issued_by(issuer)
        except (InvalidSignature, ValueError, TypeError):
            chain_ok = False
    root = certs[-1].fingerprint(hashes.SHA256()).hex()
    stamp = _time_stamp(signed)
    check.signature = {"type": "domain", "domain": signed.get("domain"), "software": software,
                       "created": signed.get("created"), "certificate_names": sorted(names),
                       "root_fingerprint": root, "root_issuer": certs[-1].issuer.rfc4514_string(),
                       "time_stamp": stamp,
                       "not_checked": ["the time-stamp authority's own signature of the timeSignature"]}
    if not valid:
        check.add("signature", False, DIGEST, f"the signature of {signed['hash']} does not verify with "
                  "the domain certificate's key")
    elif not domain_ok:
        check.add("signature", False, DIGEST, f"the certificate is for {sorted(names)}, not {signed.get('domain')}")
    elif not chain_ok:
        check.add("signature", False, DIGEST, "the domainCert chain's certificates do not sign one another")
    elif root not in TRUSTED_DOMAIN_ROOTS:
        check.add("signature", False, DIGEST, f"the domainCert chain ends in {certs[-1].issuer.rfc4514_string()} "
                  f"(sha256 {root}), not a trusted root")
    elif stamp.get("error"):
        check.add("signature", False, DIGEST, f"the timeSignature: {stamp['error']}")
    else:
        check.add("signature", True, DIGEST,
                  f"valid ECDSA signature of {signed['hash']} by {software}, with the certificate of "
                  f"{signed.get('domain')} (chain of {len(certs)} to a trusted root); the RFC 3161 "
                  f"timeSignature stamps that signature at {stamp['time']} (not checked here: the "
                  "time-stamp authority's own signature)")


def _time_stamp(signed: dict) -> dict:
    """The RFC 3161 timeSignature: it must stamp the SHA-256 of ``signature`` within 10 minutes
    of ``created`` (wacz-auth, verification steps 5 and 6)."""
    from datetime import datetime

    try:
        from asn1crypto import tsp
    except ImportError:
        return {"error": None, "time": "(not read: asn1crypto is not installed)"}
    try:
        token = tsp.TimeStampResp.load(base64.b64decode(signed.get("timeSignature", "")))["time_stamp_token"]
        info = token["content"]["encap_content_info"]["content"].parsed
        imprint = info["message_imprint"]
        hashed = hashlib.new(imprint["hash_algorithm"]["algorithm"].native,
                             signed["signature"].encode("ascii")).digest()
        when = info["gen_time"].native
        created = datetime.fromisoformat(signed["created"].replace("Z", "+00:00"))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return {"error": f"cannot be read ({exc})"}
    if imprint["hashed_message"].native != hashed:
        return {"error": "it does not stamp this signature"}
    if abs((when - created).total_seconds()) > STAMP_TOLERANCE_SECONDS:
        return {"error": f"it stamps {when.isoformat()}, more than 10 minutes from created {signed['created']}"}
    return {"error": None, "time": when.isoformat()}


def _cert_names(cert) -> set[str]:
    from cryptography import x509

    names = {a.value for a in cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)}
    try:
        names |= set(cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
                     .value.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        pass
    return {str(n) for n in names}


def _check_ledger(package: dict, store, check: ExportCheck) -> None:
    named = ((package.get("arshif") or {}).get("ledger") or {}).get("entries")
    if named is None:
        check.add("ledger", None, PACKAGE, "the package names no run ledger entries (not an arshif export)")
        return
    if store is None:
        check.add("ledger", None, PACKAGE, f"{len(named)} ledger entries named; the archive is not at hand "
                  "(set ARSHIF_S3_ENDPOINT and ARSHIF_BUCKET to check them)")
        return
    from arshif import ledger
    from arshif.ledger.chain import read_chain

    source = (package.get("arshif") or {}).get("source_bucket")
    at_hand = f"s3://{store.bucket}/{store.prefix}"
    if source and source != at_hand:
        check.add("ledger", None, PACKAGE, f"the package comes from {source}, the archive at hand is {at_hand}: "
                  "set ARSHIF_BUCKET (and ARSHIF_S3_ENDPOINT) to the package's archive to check its entries")
        return
    chain = read_chain(store)
    bad = 0
    for b in (b for b in chain.breaks if b.reason.startswith("ledger-entry")):
        check.add("ledger", False, b.key, f"the archive's ledger is broken: {b.detail}")
        bad += 1
    for e in named:
        if e.get("position") is None:
            check.add("ledger", False, e.get("manifest") or PACKAGE,
                      "no ledger entry recorded this manifest when the package was made")
            bad += 1
            continue
        key = ledger.entry_key(e["position"])
        found = chain.entries.get(e["position"])
        recorded = (found.entry.get("object") or {}) if found else {}
        if found is None:
            check.add("ledger", False, key, f"ledger entry {e['position']} is not in the archive's ledger")
        elif found.sha256 != e.get("sha256"):
            check.add("ledger", False, key, f"ledger entry {e['position']} hashes to {found.sha256}, the "
                      f"package names {e.get('sha256')}: the entry was altered")
        elif recorded.get("key") != e.get("manifest") or recorded.get("sha256") != e.get("manifest_sha256"):
            check.add("ledger", False, key, f"ledger entry {e['position']} records {recorded.get('key')} "
                      f"{recorded.get('sha256')}, not the package's {e.get('manifest')} {e.get('manifest_sha256')}")
        elif e["position"] > chain.intact_to:
            check.add("ledger", False, key, f"ledger entry {e['position']} is after the chain's first break "
                      f"(intact to entry {chain.intact_to})")
        else:
            continue
        bad += 1
    if not bad:
        check.add("ledger", True, f"s3://{store.bucket}/{store.prefix}{ledger.PREFIX}",
                  (f"the entry named (position {named[0]['position']}) is" if len(named) == 1 else
                   f"{len(named)} entries named (positions {', '.join(str(e['position']) for e in named)}) are")
                  + f" in the chain, which is intact from entry 1 to the head (position {chain.head.position}, "
                  f"sha256 {chain.head.sha256})")
