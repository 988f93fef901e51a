"""Guarantee that the auditor opens no network connection while it works.

An audit hook (PEP 578) refuses every socket connect, bind, send and name
lookup (local AF_UNIX sockets excepted) while ``network_blocked()`` is active.
Audit hooks cannot be removed, so the hook is installed once and switched by
a counter; the CLI holds the block for the whole command.
"""
from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
           "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "socket.bind"}
_SOCKET_ARG_EVENTS = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"}
_lock = threading.Lock()
_state = {"installed": False, "depth": 0}


class NetworkBlocked(RuntimeError):
    """Raised when code inside the auditor tries to reach the network."""


def _hook(event: str, args: tuple) -> None:
    if not _state["depth"] or event not in _EVENTS:
        return
    if event in _SOCKET_ARG_EVENTS and args and getattr(args[0], "family", None) == getattr(socket, "AF_UNIX", -1):
        return
    raise NetworkBlocked(f"network access is disabled in auditor ({event})")


@contextmanager
def network_blocked() -> Iterator[None]:
    """Refuse all network access in this process until the block is left."""
    with _lock:
        if not _state["installed"]:
            sys.addaudithook(_hook)
            _state["installed"] = True
        _state["depth"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["depth"] -= 1
