"""Serving the endpoint over HTTP with waitress.

Why waitress: a pure-Python, production-grade WSGI server with a bounded thread pool, HTTP/1.1
keep-alive and request-size limits, on every platform; web.connections adds what it
lacks against slow or crowding clients (a cap per address, header and body deadlines).
The standard library's http.server has none of these limits (one unbounded thread per
connection), and wsgiref's server handles one request at a time. The threads only wait on
worker processes (web.pool), so a few of them serve many clients.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from waitress import wasyncore
from waitress.server import BaseWSGIServer

from web.app import Endpoint, MountFactory, Settings
from web.connections import DEFAULT_LIMITS, ConnectionLimits, GuardedServer
from web.pool import WorkerPool


@dataclass
class RunningEndpoint:
    """An endpoint being served: its URL, and how to stop it (server and workers)."""

    url: str
    endpoint: Endpoint
    server: BaseWSGIServer
    thread: threading.Thread | None = None

    def stop(self) -> None:
        """Finish the requests in progress, close every connection, stop the workers."""
        self.server.task_dispatcher.shutdown()

        def close() -> None:  # as waitress's MultiSocketServer.close
            wasyncore.close_all(self.server._map)

        if self.thread is not None and self.thread.is_alive():
            self.server.trigger.pull_trigger(close)  # closed from inside the loop, which then ends
            self.thread.join(10)
        else:
            close()
        self.endpoint.pool.close()

    def interrupt(self) -> None:
        """End ``server.run()`` from another thread: the loop closes every connection and returns."""
        self.server.trigger.pull_trigger(lambda: wasyncore.close_all(self.server._map))


def make_endpoint(
    store_path: Path,
    settings: Settings,
    mounts: Mapping[str, MountFactory] | None = None,
    library_dir: Path | None = None,
    wait: bool = True,
) -> Endpoint:
    """Start the workers, each opening the store: with ``wait``, return once all are ready (or
    raise WorkersDidNotStart); without, at once (``endpoint.pool.started()`` waits for the
    first). The HTTP process opens the store itself only for the page and the mounts; the page
    reads the library from ``library_dir`` (default: the project's, queries.LIBRARY_DIR)."""
    pool = WorkerPool(store_path, settings.workers, settings.memory_limit_mb, settings.per_client, settings.queued_per_client)
    return Endpoint(store_path, pool.start(wait), library_dir, settings, mounts)


def create(endpoint: Endpoint, host: str, port: int, limits: ConnectionLimits = DEFAULT_LIMITS) -> RunningEndpoint:
    """Bind the server (port 0 picks a free port); call ``server.run()`` or use :func:`start`.
    A host with several addresses (``localhost``) is served on the first one only."""
    threads = max(8, endpoint.settings.workers * 4)
    server = GuardedServer(
        endpoint,
        limits,
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=endpoint.settings.max_query_bytes * 2,
        ident="dgkg",
        clear_untrusted_proxy_headers=True,
    )
    bound = f"[{host}]" if ":" in host else host
    return RunningEndpoint(f"http://{bound}:{server.effective_port}", endpoint, server)


def start(
    endpoint: Endpoint, host: str = "127.0.0.1", port: int = 0, limits: ConnectionLimits = DEFAULT_LIMITS
) -> RunningEndpoint:
    """Serve in a background thread (tests, notebooks); stop with ``.stop()``."""
    running = create(endpoint, host, port, limits)
    running.thread = threading.Thread(target=running.server.run, name="dgkg-serve", daemon=True)
    running.thread.start()
    return running
