"""Guarantee that the auditor opens no network connection while it works.

An audit hook (PEP 578) refuses every socket connect, bind, send and name
lookup (local AF_UNIX sockets excepted) while ``network_blocked()`` is active.
Audit hooks cannot be removed, so the hook is installed once and switched by
a counter; the CLI holds the block for the whole command.

The one exception is a user's explicit choice of a Dask cluster:
``network_allowed(Allowance(...))`` lets through loopback traffic and the named
scheduler endpoints only, and only while the cluster is in use.
"""
from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
           "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "socket.bind"}
_SOCKET_ARG_EVENTS = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"}
_LOOKUP_EVENTS = {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex"}
_lock = threading.Lock()
_state: dict = {"installed": False, "depth": 0, "allowed": ()}


class NetworkBlocked(RuntimeError):
    """Raised when code inside the auditor tries to reach the network."""


def is_loopback(host: object) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Allowance:
    """Destinations let through the block: loopback, and exact (address, port) endpoints."""

    loopback: bool = False
    endpoints: frozenset[tuple[str, int]] = frozenset()  # numeric addresses
    names: frozenset[str] = frozenset()  # host names that may be looked up

    def permits(self, event: str, args: tuple) -> bool:
        if event in _LOOKUP_EVENTS:
            host = args[0] if args else None
            host = host.decode() if isinstance(host, bytes) else host
            return (self.loopback and is_loopback(host)) or host in self.names
        if event not in _SOCKET_ARG_EVENTS or len(args) < 2 or not isinstance(args[1], tuple):
            return False  # reverse lookups, or sends on unconnected sockets with no address
        host, port = args[1][0], args[1][1]
        if event == "socket.bind":
            return self.loopback and is_loopback(host)
        return (self.loopback and is_loopback(host)) or (str(host), port) in self.endpoints


def _hook(event: str, args: tuple) -> None:
    if not _state["depth"] or event not in _EVENTS:
        return
    if event in _SOCKET_ARG_EVENTS and args and getattr(args[0], "family", None) == getattr(socket, "AF_UNIX", -1):
        return
    if any(allowance.permits(event, args) for allowance in _state["allowed"]):
        return
    raise NetworkBlocked(f"network access is disabled in auditor ({event})")


def _enter(depth: int, allowance: Allowance | None) -> None:
    with _lock:
        if not _state["installed"]:
            sys.addaudithook(_hook)
            _state["installed"] = True
        _state["depth"] += depth
        if allowance is not None:
            _state["allowed"] = (*_state["allowed"], allowance)


def _leave(depth: int, allowance: Allowance | None) -> None:
    with _lock:
        _state["depth"] -= depth
        if allowance is not None:
            rest = list(_state["allowed"])
            rest.remove(allowance)
            _state["allowed"] = tuple(rest)


def block_for_life(allowance: Allowance | None = None) -> None:
    """Refuse network access in this (worker) process from now on, except ``allowance``'s destinations."""
    _enter(1, allowance)


@contextmanager
def network_blocked() -> Iterator[None]:
    """Refuse all network access in this process until the block is left."""
    _enter(1, None)
    try:
        yield
    finally:
        _leave(1, None)


@contextmanager
def network_allowed(allowance: Allowance) -> Iterator[None]:
    """Let ``allowance``'s destinations through any block until this context is left; it blocks nothing itself."""
    _enter(0, allowance)
    try:
        yield
    finally:
        _leave(0, allowance)
