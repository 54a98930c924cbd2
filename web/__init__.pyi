# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from .app import default_workers, Endpoint, MountFactory, Settings, WSGIApp
from .connections import ConnectionLimits, DEFAULT_LIMITS
from .outcome import Outcome
from .resources import linked_data_mounts
from .server import create, make_endpoint, RunningEndpoint, start

# what `from room import *` and mypy take as the door's names
__all__ = [
    "ConnectionLimits",
    "create",
    "DEFAULT_LIMITS",
    "default_workers",
    "Endpoint",
    "linked_data_mounts",
    "make_endpoint",
    "MountFactory",
    "Outcome",
    "RunningEndpoint",
    "Settings",
    "start",
    "WSGIApp",
]
