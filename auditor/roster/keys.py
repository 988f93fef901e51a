"""The secret behind roster hashes and fingerprints: >= 32 random bytes in a 0600 file."""
from __future__ import annotations

import os
from pathlib import Path

MIN_SECRET = 32


class SecretKeyError(ValueError):
    """A key file that is missing, too short, or would be overwritten."""


def write_secret_key(path: str | Path) -> None:
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise SecretKeyError(f"{path}: already exists; refusing to overwrite a key") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(os.urandom(MIN_SECRET))


def read_secret_key(path: str | Path) -> bytes:
    try:
        key = Path(path).read_bytes()
    except OSError as exc:
        raise SecretKeyError(f"{path}: cannot read key file: {exc.strerror}") from None
    if len(key) < MIN_SECRET:
        raise SecretKeyError(f"{path}: key file holds {len(key)} bytes; at least {MIN_SECRET} random bytes are needed")
    return key
