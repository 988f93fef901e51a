"""Ed25519 signatures over a canonical serialisation of the report (sorted keys, compact, UTF-8)."""
from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "Ed25519"
CANONICALIZATION = "json-sorted-keys-compact-utf8"


class SigningError(Exception):
    """A key that cannot be read, decrypted or written; one line, never key material."""


@dataclass(frozen=True)
class Verification:
    ok: bool
    reason: str


def canonical_bytes(doc: dict[str, Any]) -> bytes:
    """The report without its signature, keys sorted, no whitespace, UTF-8."""
    body = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def generate_keypair(path: str | Path, passphrase: bytes | None = None) -> tuple[Path, Path]:
    """Private key PEM at ``path`` (mode 0600, encrypted if a passphrase is given), public key at ``path.pub``."""
    path, public = Path(path), Path(f"{path}.pub")
    key = Ed25519PrivateKey.generate()
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise SigningError(f"{path}: already exists; refusing to overwrite a key") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))
    return path, public


def _private_key(path: str | Path, passphrase: bytes | None) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=passphrase)
    except OSError as exc:
        raise SigningError(f"{path}: cannot read signing key: {exc.strerror}") from None
    except TypeError:
        raise SigningError(f"{path}: the key is encrypted: set AUDITOR_KEY_PASSPHRASE") from None
    except ValueError:
        raise SigningError(f"{path}: not a signing key, or the passphrase is wrong") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path}: not an Ed25519 private key")
    return key


def sign_report(doc: dict[str, Any], private_key: str | Path, passphrase: bytes | None = None) -> dict[str, Any]:
    key = _private_key(private_key, passphrase)
    signed = copy.deepcopy(doc)
    signed["signature"] = {
        "algorithm": ALGORITHM,
        "canonicalization": CANONICALIZATION,
        "public_key_sha256": hashlib.sha256(_raw_public(key.public_key())).hexdigest(),
        "value": base64.b64encode(key.sign(canonical_bytes(doc))).decode(),
    }
    return signed


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError):
        raise SigningError(f"{path}: not a readable public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningError(f"{path}: not an Ed25519 public key")
    return key


def verify_report(doc: dict[str, Any], public_key: str | Path | Ed25519PublicKey,
                  subject: str = "report") -> Verification:
    """Check ``doc['signature']``; ``subject`` names what was signed in the reasons (a report, a ledger entry)."""
    if isinstance(public_key, Ed25519PublicKey):
        key = public_key
    else:
        try:
            key = load_public_key(public_key)
        except SigningError as exc:
            return Verification(False, str(exc))
    signature = doc.get("signature")
    if not isinstance(signature, dict) or "value" not in signature:
        return Verification(False, f"the {subject} is not signed")
    if signature.get("algorithm") != ALGORITHM or signature.get("canonicalization") != CANONICALIZATION:
        return Verification(False, "unsupported signature algorithm or canonicalization")
    if signature.get("public_key_sha256") != hashlib.sha256(_raw_public(key)).hexdigest():
        return Verification(False, f"the {subject} was signed with a different key (public key sha256 differs)")
    try:
        key.verify(base64.b64decode(signature["value"], validate=True), canonical_bytes(doc))
    except (InvalidSignature, ValueError):
        return Verification(False, f"the signature does not match the content: the {subject} was modified")
    return Verification(True, f"signature valid: the {subject} is unchanged since it was signed")
