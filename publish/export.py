"""The export formats: the RDF syntaxes of the registry (ontology.formats) and CSV tables.

Most exports copy a file the build wrote (publish.source.GraphData.dump). The conversions, for
the rest, are in publish.convert and imported only then: they bring rdflib and pyld, which take
longer to import than a small graph's copy takes.
"""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

from ontology import formats

from publish.source import GraphData, load

FORMATS = formats.FORMATS
CSV = "csv"
FORMAT_NAMES = [*FORMATS, CSV]
COPY_CHUNK = 1 << 20


def export(data: GraphData, format_name: str, target: Path) -> list[Path]:
    """Write one format to ``target`` (a file; a directory for CSV) and return the files written.
    A file appears whole or not at all: it is written beside ``target`` and renamed. Through a
    symbolic link, the file it names is written and the link kept; a device, a pipe or a terminal
    (``-o /dev/stdout``) is written to as it is, since a file renamed over it would replace it."""
    if format_name == CSV:
        from publish.convert import write_csv

        return write_csv(data, target)
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}; choose from {', '.join(FORMAT_NAMES)}")
    fmt = FORMATS[format_name]
    dump = data.dump(fmt)
    try:
        kind = target.stat().st_mode  # of what a link names
    except FileNotFoundError:
        kind = stat.S_IFREG
    if stat.S_ISDIR(kind):
        raise IsADirectoryError(f"{target} is a directory; give a file name (-o {target / default_name(format_name, False)})")
    if not stat.S_ISREG(kind):
        with target.open("wb") as stream:
            if dump is None:
                stream.writelines(_converted(data, fmt))
            else:
                with dump.open("rb") as source:
                    shutil.copyfileobj(source, stream, COPY_CHUNK)
        return [target]
    if dump is not None and target.exists() and target.samefile(dump):
        return [target]
    written = target.resolve() if target.is_symlink() else target
    written.parent.mkdir(parents=True, exist_ok=True)
    partial = written.with_name(f".{written.name}.partial")
    try:
        if dump is None:
            with partial.open("wb") as stream:
                stream.writelines(_converted(data, fmt))
        else:
            shutil.copyfile(dump, partial)  # the build's own file, copied (by the kernel) rather than held in memory
        partial.replace(written)
    finally:
        partial.unlink(missing_ok=True)
    return [target]


def _converted(data: GraphData, fmt: formats.Format) -> Iterable[bytes]:
    from publish.convert import render  # rdflib and pyld: only when there is no dump to copy

    return render(data, fmt)


def write_jsonld_dump(out: Path) -> None:
    """dgkg.jsonld, written by the build once its other dumps are in ``out``: the asserted triples (dgkg.nt's) compacted with
    the published context, what `dgkg export --format jsonld` then copies."""
    export(load(out), "jsonld", out / "dgkg.jsonld")


def default_name(format_name: str, inferred: bool) -> str:
    stem = "dgkg-inferred" if inferred else "dgkg"
    return f"{stem}-csv" if format_name == CSV else f"{stem}.{FORMATS[format_name].extension}"
