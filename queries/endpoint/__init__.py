"""The SPARQL 1.1 Protocol endpoint: read-only, time-limited, capped, budgeted, many clients.

    endpoint = make_endpoint(dist / "store", Settings(workers=2, time_limit=10))
    running = start(endpoint, "127.0.0.1", 8000)   # or create(...).server.run()
    ...
    running.stop()

Names are imported on first use (PEP 562): worker processes import only
``queries.endpoint.worker`` and must not load the server side.
"""

from importlib import import_module
from typing import TYPE_CHECKING

_EXPORTS = {
    "Endpoint": "app",
    "MountFactory": "app",
    "Settings": "app",
    "WSGIApp": "app",
    "RunningEndpoint": "server",
    "create": "server",
    "make_endpoint": "server",
    "start": "server",
    "Outcome": "outcome",
}
__all__ = ["Endpoint", "MountFactory", "Outcome", "RunningEndpoint", "Settings", "WSGIApp", "create", "make_endpoint", "start"]


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'queries.endpoint' has no attribute {name!r}")
    return getattr(import_module(f"queries.endpoint.{_EXPORTS[name]}"), name)


if TYPE_CHECKING:
    from queries.endpoint.app import Endpoint, MountFactory, Settings, WSGIApp
    from queries.endpoint.server import RunningEndpoint, create, make_endpoint, start
    from queries.endpoint.outcome import Outcome
