"""Curated sources -> RDF: read records, resolve, type, check quotes, validate, reason, write.

The room's door: callers use only what is imported here.
"""

import lazy_loader

# Each name is imported when first used (the names are in __init__.pyi), so a command pays only
# for the modules it touches.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
