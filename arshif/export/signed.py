"""Signed exports: the ``signedData`` of WACZ Signing and Verification 0.1.0 (wacz-auth,
https://specs.webrecorder.net/wacz-auth/0.1.0/), anonymous form, and the run ledger entries an
export's captures come from.

The signature is ECDSA P-256 with SHA-256 over the UTF-8 bytes of the ``hash`` string
(``sha256:<hex of datapackage.json>``), DER, base64, as authsign signs; ``publicKey`` is the
key's SubjectPublicKeyInfo DER, base64, as ArchiveWeb.page writes it. datapackage.json names
the ledger entries (position and SHA-256) that record the manifests of every source object,
and the ledger's head at export time, so the signature covers them too.
"""

from __future__ import annotations

from collections.abc import Callable

WACZ_AUTH_VERSION = "0.1.0"


def signer() -> Callable[[str, str], dict]:
    """The ``sign(hash, created)`` write_wacz calls; fails now (before any work) without a key."""
    import arshif
    from arshif import signing

    signing.load_key()

    def sign(hash_: str, created: str) -> dict:
        signature, public = signing.sign(hash_)
        return {"hash": hash_, "created": created, "software": f"arshif {arshif.__version__}",
                "version": WACZ_AUTH_VERSION, "signature": signature, "publicKey": public.spki_b64}

    return sign


def ledger_entries(store, catalog, manifests: list[dict]) -> dict:
    """The ledger entries recording ``manifests`` (the export's provenance list), and the head.
    The catalog's view is brought up to date from the bucket first when it lacks one."""
    from arshif import ledger

    def lookup() -> list[dict]:
        out = []
        for m in manifests:
            known = catalog.ledger_entry_for(m["key"])
            out.append({"manifest": m["key"], "manifest_sha256": m["sha256"],
                        "position": known["position"] if known else None,
                        "sha256": known["sha256"] if known else None,
                        "key": ledger.entry_key(known["position"]) if known else None})
        return out

    entries = lookup()
    if any(e["position"] is None for e in entries):
        ledger.sync_catalog(store, catalog)
        entries = lookup()
    head = ledger.head(store, catalog.ledger_last())
    return {"entries": entries, "head": {"position": head.position, "sha256": head.sha256}}
