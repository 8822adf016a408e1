"""The archive's signing key: ECDSA P-256, for signed WACZ exports (wacz-auth 0.1.0).

The private key lives in one file: ``ARSHIF_SIGNING_KEY_FILE`` when set (a secret mounted by
the deployment, PEM, PKCS#8 or SEC1), else ``ARSHIF_HOME/keys/signing-key.pem``, which
``arshif keys init`` creates with mode 0600 in a folder of mode 0700. It is read only to sign;
it is never logged, printed, exported or written to the bucket: what leaves the machine is the
public key (SubjectPublicKeyInfo DER, base64, as wacz-auth's ``publicKey``) and its SHA-256
fingerprint. The cryptography is the ``cryptography`` package's (OpenSSL).
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

KEY_ENV = "ARSHIF_SIGNING_KEY_FILE"
KEY_NAME = "signing-key.pem"


class SigningError(RuntimeError):
    """No usable signing key; the message says what to do."""


@dataclass(frozen=True)
class PublicKey:
    """What may be shown of a key: the public key (base64 SPKI DER) and its fingerprint."""

    spki_b64: str
    fingerprint: str  # hex SHA-256 of the SPKI DER

    @classmethod
    def of(cls, key: ec.EllipticCurvePublicKey) -> PublicKey:
        der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        return cls(base64.b64encode(der).decode("ascii"), hashlib.sha256(der).hexdigest())


def default_key_path() -> Path:
    from arshif.home import arshif_home

    return arshif_home() / "keys" / KEY_NAME


def key_path() -> Path:
    """Where the private key is read from: the secret file the environment names, or the default."""
    named = os.environ.get(KEY_ENV, "").strip()
    return Path(named).expanduser() if named else default_key_path()


def init_key(path: Path | None = None) -> tuple[Path, PublicKey]:
    """Creates a new P-256 key at ``path`` (default: under ARSHIF_HOME), mode 0600; refuses to
    replace one (signed exports name its public key)."""
    path = path or default_key_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        # Created with 0600 from the start: never a moment when others could read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningError(f"{path} already exists: the archive has a signing key (`arshif keys show` "
                           "prints its public key); move it away first to make a new one") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return path, PublicKey.of(key.public_key())


def load_key() -> ec.EllipticCurvePrivateKey:
    path = key_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        hint = (f"{KEY_ENV} names {path}, which does not exist" if os.environ.get(KEY_ENV)
                else f"there is no signing key at {path}")
        raise SigningError(f"{hint}: run `arshif keys init`, or set {KEY_ENV} to the key's file") from None
    except OSError as exc:
        raise SigningError(f"cannot read the signing key {path}: {exc.strerror}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        # Not the exception's text: it could quote what it failed to parse.
        raise SigningError(f"{path} is not an unencrypted PEM private key") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise SigningError(f"{path} is not an ECDSA P-256 key (wacz-auth signatures here are ECDSA P-256)")
    return key


def public_key() -> PublicKey:
    return PublicKey.of(load_key().public_key())


def sign(message: str) -> tuple[str, PublicKey]:
    """ECDSA-SHA256 signature (DER, base64) of ``message``'s UTF-8 bytes, and the public key."""
    key = load_key()
    signature = key.sign(message.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    return base64.b64encode(signature).decode("ascii"), PublicKey.of(key.public_key())


def verify(message: str, signature_b64: str, public_key_b64: str) -> tuple[bool, str]:
    """Checks an anonymous wacz-auth signature: ECDSA with SHA-256 over the UTF-8 ``message``,
    the signature DER or raw r‖s (WebCrypto's, as ArchiveWeb.page writes it), the key SPKI DER
    (any NIST curve). Returns (valid, the curve's name)."""
    key = serialization.load_der_public_key(base64.b64decode(public_key_b64))
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ValueError("the publicKey is not an ECDSA key")
    raw = base64.b64decode(signature_b64)
    candidates = [raw]
    size = (key.curve.key_size + 7) // 8
    if len(raw) == 2 * size:  # IEEE P1363 r‖s
        candidates.append(encode_dss_signature(int.from_bytes(raw[:size], "big"),
                                               int.from_bytes(raw[size:], "big")))
    for candidate in candidates:
        try:
            key.verify(candidate, message.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
            return True, key.curve.name
        except (InvalidSignature, ValueError):
            continue
    return False, key.curve.name
