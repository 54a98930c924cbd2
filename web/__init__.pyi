# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from .app import default_workers, Endpoint, MountFactory, Settings, WSGIApp
from .connections import ConnectionLimits, DEFAULT_LIMITS
from .outcome import Outcome
from .resources import linked_data_mounts
from .server import create, make_endpoint, RunningEndpoint, start
