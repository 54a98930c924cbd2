"""The SPARQL 1.1 Protocol endpoint: read-only, time-limited, capped, budgeted, many clients.

    endpoint = make_endpoint(dist / "store", Settings(workers=2, time_limit=10))
    running = start(endpoint, "127.0.0.1", 8000)   # or create(...).server.run()
    ...
    running.stop()

Names are imported on first use (PEP 562): a worker process imports its entry point
(``web.pool``, light) and ``web.worker``, never the HTTP side (waitress, the page); the server
process never imports ``web.worker``.
"""

import lazy_loader

# Each name is imported when first used (the names are in __init__.pyi), so a command pays only
# for the modules it touches.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
