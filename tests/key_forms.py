"""Every form a signing key could leak in, for the tests that search files, objects and
command output for it (tests/security/test_secrets.py, tests/export/test_signed_export.py).

Imported as a plain module (pytest puts tests/ on sys.path: this folder has a conftest.py).
"""

from __future__ import annotations

import base64
from pathlib import Path


def key_forms(key_file: Path) -> list[bytes]:
    """The PEM file, its body, PKCS#8 DER (raw and base64), the private scalar in bytes, hex,
    base64 and decimal, and the PEM label. Whole encodings only: a slice of the PEM body could
    be the constant P-256 header or the public key, which may appear anywhere."""
    from cryptography.hazmat.primitives import serialization

    pem = key_file.read_bytes()
    key = serialization.load_pem_private_key(pem, password=None)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    scalar = key.private_numbers().private_value
    raw = scalar.to_bytes(32, "big")
    body = b"".join(line for line in pem.splitlines() if not line.startswith(b"-----"))
    return [pem, body, der, base64.b64encode(der), raw, raw.hex().encode(), raw.hex().upper().encode(),
            base64.b64encode(raw), base64.urlsafe_b64encode(raw).rstrip(b"="), str(scalar).encode(),
            b"PRIVATE KEY"]


def opened(data: bytes) -> bytes:
    """The bytes, and what gzip members (a WARC's, one after another) and ZIP members (a WACZ's,
    themselves opened) hold: a key written inside a compressed file is found too."""
    import io
    import zipfile
    import zlib

    out = bytearray(data)
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in zf.namelist():
                out += opened(zf.read(name))
    rest = data
    try:
        while rest[:2] == b"\x1f\x8b":
            member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += member.decompress(rest)
            rest = member.unused_data
    except zlib.error:
        pass
    return bytes(out)
