"""Seed text -> normalised text, reproducibly (the room's door).

    normalise_all(seeds_dir, sources_dir) -> NormaliseReport   # what `dgkg sources normalise` runs
    normalise_text(raw, errata) -> NormalisedText                # one text, with a repair report
    load_registry(sources_dir) -> list[SourceText]               # sources/documents.yaml
    load_errata(path) -> list[Erratum]                           # sources/errata.yaml

The steps (see pipeline.py for why in this order): repair mis-read GBK runs, strip pinyin
annotations, strip HTML, drop spam and navigation lines, remove injected symbols, one
paragraph per line, then the reviewed errata. Script is never converted and punctuation is
left as the seeds have it. Errors are NormaliseError(file, line, field, message).
"""

import lazy_loader

# Each name is imported when first used (the names are in __init__.pyi): a build reads the
# registry, and needs neither the repair steps nor pypinyin's dictionaries they load (0.4 s).
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
