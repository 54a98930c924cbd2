"""Publishing the built graph: deterministic exports in the standard formats, the JSON-LD
context, and the VoID/DCAT description of the dataset.

    from publish import load, export
    export(load(Path("dist"), inferred=True), "turtle", Path("dgkg.ttl"))
"""

import lazy_loader

# Each name is imported when first used (the names are in __init__.pyi), so a command pays only
# for the modules it touches.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
