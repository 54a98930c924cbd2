"""The SPARQL 1.1 Protocol endpoint: read-only, time-limited, capped, budgeted, many clients.

    endpoint = make_endpoint(dist / "store", Settings(workers=2, time_limit=10))
    running = start(endpoint, "127.0.0.1", 8000)   # or create(...).server.run()
    ...
    running.stop()
"""
from queries.endpoint.app import Endpoint, MountFactory, Settings, WSGIApp
from queries.endpoint.server import RunningEndpoint, create, make_endpoint, start
from queries.endpoint.worker import Outcome

__all__ = ["Endpoint", "MountFactory", "Outcome", "RunningEndpoint", "Settings", "WSGIApp", "create",
           "make_endpoint", "start"]
