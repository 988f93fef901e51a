"""The secret behind roster hashes and fingerprints: >= 32 random bytes in a 0600 file."""
from __future__ import annotations

import os
from pathlib import Path

from auditor.redact import MIN_KEY_BYTES as MIN_SECRET
from auditor.redact import FingerprintKeyError as SecretKeyError
from auditor.redact import read_key_file as read_secret_key

__all__ = ["MIN_SECRET", "SecretKeyError", "read_secret_key", "write_secret_key"]


def write_secret_key(path: str | Path) -> None:
    """A new key file readable by its owner only; an existing file is never overwritten."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise SecretKeyError(f"{path}: already exists; refusing to overwrite a key") from None
    except OSError as exc:
        raise SecretKeyError(f"{path}: cannot create key file: {exc.strerror}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(os.urandom(MIN_SECRET))
