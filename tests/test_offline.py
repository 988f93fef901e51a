"""The network guard really refuses connections, lookups and binds while active."""
from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from auditor.offline import Allowance, NetworkBlocked, network_allowed, network_blocked


def test_guard_blocks_connect_lookup_and_bind_then_releases():
    with network_blocked():
        with pytest.raises(NetworkBlocked):
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        with pytest.raises(NetworkBlocked):
            socket.getaddrinfo("example.org", 443)
        with socket.socket() as sock, pytest.raises(NetworkBlocked):
            sock.bind(("127.0.0.1", 0))
    with socket.socket() as sock:  # released after the block
        sock.bind(("127.0.0.1", 0))


def test_cli_process_holds_the_guard_for_the_whole_command():
    code = (
        "import socket, sys\n"
        "from auditor import cli\n"
        "@cli.main.command('probe')\n"
        "def probe():\n"
        "    try:\n"
        "        socket.getaddrinfo('example.org', 443)\n"
        "    except Exception as exc:\n"
        "        print(type(exc).__name__); sys.exit(0)\n"
        "    print('reached network'); sys.exit(3)\n"
        "cli.main(['probe'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "NetworkBlocked", done.stdout + done.stderr


def test_an_allowance_lets_through_only_its_destinations_and_only_while_held():
    scheduler = Allowance(endpoints=frozenset({("127.0.0.1", 8786)}), names=frozenset({"scheduler.example"}))
    with network_blocked(), network_allowed(scheduler):
        assert scheduler.permits("socket.connect", (None, ("127.0.0.1", 8786)))
        assert scheduler.permits("socket.getaddrinfo", ("scheduler.example", 8786, 0, 0, 0, 0))
        for event, args in [("socket.connect", (None, ("127.0.0.1", 8787))), ("socket.bind", (None, ("127.0.0.1", 0))),
                            ("socket.getaddrinfo", ("example.org", 443, 0, 0, 0, 0)),
                            ("socket.gethostbyaddr", ("127.0.0.1",))]:
            assert not scheduler.permits(event, args), event
        with pytest.raises(NetworkBlocked):
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        with network_allowed(Allowance(loopback=True)):
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
            with socket.socket() as sock, pytest.raises(NetworkBlocked):
                sock.bind(("0.0.0.0", 0))
            with pytest.raises(NetworkBlocked):
                socket.create_connection(("192.0.2.1", 80), timeout=1)
        with socket.socket() as sock, pytest.raises(NetworkBlocked):  # the loopback allowance has ended
            sock.bind(("127.0.0.1", 0))
