"""The network guard really refuses connections, lookups and binds while active."""
from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from auditor.offline import NetworkBlocked, network_blocked


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
