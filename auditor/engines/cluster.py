"""The Dask engine: files, and the row partitions of large tables (``spread``), spread over a Dask cluster,
each worker building its detector once.

The network guard stays on: only the chosen scheduler's endpoint (and, for a local cluster,
loopback) is let through, and only while the cluster is in use. Results are gathered through
the scheduler, so the client never connects to workers directly.
"""
from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Iterable, Iterator
from contextlib import ExitStack

from auditor.engines import EngineError, Pair, Plan, stream
from auditor.engines.spread import submit_batch
from auditor.engines.work import DetectorSettings, install, uninstall
from auditor.models import FileResult
from auditor.offline import Allowance, block_for_life, is_loopback, network_allowed

try:
    from distributed import Client, LocalCluster, WorkerPlugin
    from distributed.comm.addressing import parse_address, parse_host_port
except ImportError:  # the optional 'dask' extra
    Client = None  # type: ignore[assignment,misc]
    WorkerPlugin = object  # type: ignore[assignment,misc]

CONNECT_TIMEOUT = "15s"
WORKERS_TIMEOUT = 60  # seconds to wait for the first worker
LOCAL_WORKERS = 2
IN_FLIGHT_PER_THREAD = 2  # batches
CLEAR_PROTOCOLS = {"tcp", "ws"}


class DetectorPlugin(WorkerPlugin):
    """Builds the run's detector once per worker process; on our own local cluster, also blocks the network."""

    def __init__(self, token: str, settings: DetectorSettings, guard: bool):
        self.token, self.settings, self.guard = token, settings, guard
        self.name = f"auditor-{token}"

    def setup(self, worker) -> None:  # noqa: ANN001
        if self.guard:  # loopback only, for the life of this worker process (it is ours)
            block_for_life(Allowance(loopback=True))
        install(self.token, self.settings)

    def teardown(self, worker) -> None:  # noqa: ANN001
        uninstall(self.token)


def scheduler_allowance(address: str) -> Allowance:
    """The scheduler's endpoint, resolved once; plain-text protocols only to loopback."""
    try:
        protocol, location = parse_address(address, strict=True)
        host, port = parse_host_port(location)
    except ValueError:
        raise EngineError(f"{address!r} is not a Dask scheduler address (e.g. tls://host:8786)") from None
    if protocol in CLEAR_PROTOCOLS and not is_loopback(host):
        raise EngineError(f"refusing to send files in clear text to {address}: use a tls:// scheduler address "
                          "(files and the fingerprint key cross the network)")
    with network_allowed(Allowance(names=frozenset({host}))):
        try:
            found = {info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}
        except OSError:
            raise EngineError(f"cannot resolve the Dask scheduler host in {address}") from None
    return Allowance(endpoints=frozenset((ip, int(port)) for ip in found | {host}), names=frozenset({host}))


def _client(plan: Plan, stack: ExitStack) -> Client:
    if plan.scheduler is None:
        stack.enter_context(network_allowed(Allowance(loopback=True)))
        try:
            cluster = stack.enter_context(LocalCluster(
                n_workers=plan.jobs or LOCAL_WORKERS, threads_per_worker=1, processes=True, host="127.0.0.1",
                protocol="tcp", dashboard_address=None, silence_logs=logging.CRITICAL))
        except (OSError, RuntimeError, TimeoutError) as exc:
            raise EngineError(f"could not start a local Dask cluster ({type(exc).__name__})") from None
        return stack.enter_context(Client(cluster, direct_to_workers=False, set_as_default=False))
    stack.enter_context(network_allowed(scheduler_allowance(plan.scheduler)))
    try:
        client = Client(plan.scheduler, timeout=CONNECT_TIMEOUT, direct_to_workers=False, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler at {plan.scheduler} ({type(exc).__name__})") from None
    stack.enter_context(client)
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except (OSError, TimeoutError):
        raise EngineError(f"no Dask worker joined {plan.scheduler} within {WORKERS_TIMEOUT} s") from None
    return client


def run_on_dask(batches: Iterable[list[Pair]], settings: DetectorSettings, plan: Plan) -> Iterator[FileResult]:
    if Client is None:
        raise EngineError("the dask engine needs the 'dask' extra: pip install 'auditor[dask]'")
    token = uuid.uuid4().hex
    with ExitStack() as stack:
        client = _client(plan, stack)
        plugin = DetectorPlugin(token, settings, guard=plan.scheduler is None)
        client.register_plugin(plugin)
        stack.callback(client.unregister_worker_plugin, plugin.name)  # the keys must not stay on the cluster
        window = IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
        yield from stream(batches, lambda parcel: submit_batch(client, token, parcel, settings.policy), window)
