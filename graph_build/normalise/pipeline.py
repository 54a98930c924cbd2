"""The steps in order, for one text (`normalise_text`) and for the registry (`normalise_all`).

Order matters. Mojibake comes first: a mis-read run swallowed the `(` of a pinyin annotation
and the `<` of a tag, which the repair gives back, and the annotations inside a run are only
recognisable once the run reads in step. Pinyin next, while each annotation still sits right
after its character. Then tags and entities, then whole spam lines (which may have held only
tags), then injected symbols (after the tags, so a bracket inside a tag is not judged), then
paragraphs. The errata come last, against exactly the text a reviewer sees without them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from graph_build.normalise.decoding import decode_seed
from graph_build.normalise.errata import apply_errata, load_errata
from graph_build.normalise.injected import remove_injected_symbols
from graph_build.normalise.markup import strip_markup
from graph_build.normalise.mojibake import LOST, repair_mojibake
from graph_build.normalise.model import (
    DocumentResult,
    Erratum,
    NormalisedText,
    NormaliseError,
    NormaliseReport,
    RepairReport,
)
from graph_build.normalise.paragraphs import rebuild_paragraphs, tidy_lines
from graph_build.normalise.pinyin import strip_pinyin
from graph_build.normalise.spam import drop_spam_lines
from graph_build.normalise.registry import dominant_script, load_registry, sha256_of

ERRATA = "errata.yaml"


def automatic_steps(raw: str, report: RepairReport) -> str:
    """Everything but the errata: the text a reviewer writes errata against."""
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text, runs = repair_mojibake(text)
    report.mojibake_runs.extend(runs)
    report.counts["mojibake runs"] += len(runs)
    report.counts["mojibake runs repaired whole"] += sum(1 for run in runs if not run.lost)
    report.counts["mojibake characters lost"] += sum(run.lost for run in runs)
    text, annotations, mismatched = strip_pinyin(text)
    report.counts["pinyin annotations stripped"] += annotations
    if mismatched:
        report.counts["pinyin annotations not matching their character"] += mismatched
    text, tags, entities = strip_markup(text)
    report.counts["html tags removed"] += tags
    report.counts["html entities decoded"] += entities
    text, dropped = drop_spam_lines(text)
    report.dropped_lines.extend(dropped)
    report.counts["lines dropped"] += len(dropped)
    text, symbols = remove_injected_symbols(text)
    report.counts["injected symbols removed"] += symbols
    text, joins = rebuild_paragraphs(text)
    report.counts["broken lines joined"] += joins
    return text


def normalise_text(raw: str, errata: list[Erratum]) -> NormalisedText:
    """Seed text -> normalised text, with a report of every kind of repair.

    `errata` are this document's reviewed repairs; those whose `find` is not in the text, or
    not as often as their `count` says, are not applied and are listed in the report.
    """
    report = RepairReport()
    text = automatic_steps(raw, report)
    text, applied, missing, miscounted = apply_errata(text, errata)
    report.applied_errata.extend(applied)
    report.unapplied_errata.extend(missing)
    report.miscounted_errata.extend(miscounted)
    report.counts["errata applied"] += len(applied)
    report.counts["errata replacements"] += sum(n for _, n in applied)
    lines = tidy_lines(text)
    final = "\n".join(lines) + "\n" if lines else ""
    report.counts["unrecoverable spots"] = final.count(LOST)
    report.counts["paragraphs"] = len(lines)
    return NormalisedText(final, report)


def _write_atomically(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def normalise_all(seeds_dir: Path, sources_dir: Path) -> NormaliseReport:
    """Normalise every registered seed into `<sources_dir>/texts/<id>.txt`.

    Every text is made and checked before any is written, so a failure leaves the previous
    texts as they were. Raises NormaliseError for a missing or changed seed (its checksum is
    not the registry's), an erratum whose `find` is not in its document (or is there a
    different number of times than its `count`), an erratum for an unregistered document,
    and a registry language that is not the text's dominant script.
    """
    seeds_dir, sources_dir = Path(seeds_dir), Path(sources_dir)
    registry = load_registry(sources_dir)
    errata = load_errata(sources_dir / ERRATA)
    known = {entry.id for entry in registry}
    for erratum in errata:
        if erratum.doc not in known:
            raise NormaliseError(erratum.file, erratum.line, "doc", f"{erratum.doc!r} is not a document of the registry")
    registry_file = str(sources_dir / "documents.yaml")
    results: list[tuple[Path, str, DocumentResult]] = []
    for entry in registry:
        seed = seeds_dir / entry.seed
        if not seed.is_file():
            raise NormaliseError(registry_file, entry.line, "seed", f"seed file {seed} of {entry.id!r} not found")
        digest = sha256_of(seed)
        if digest != entry.sha256:
            raise NormaliseError(
                registry_file,
                entry.sha256_line or entry.line,
                "sha256",
                f"seed file {seed} of {entry.id!r} has changed: its sha256 is {digest}, "
                f"the registry says {entry.sha256}; review the seed and the errata, then update the registry",
            )
        try:
            raw = decode_seed(seed.read_bytes())
        except UnicodeDecodeError as err:
            raise NormaliseError(registry_file, entry.line, "seed", f"seed file {seed} is not UTF-8: {err}") from err
        result = normalise_text(raw, [e for e in errata if e.doc == entry.id])
        for erratum in result.report.unapplied_errata:
            raise NormaliseError(
                erratum.file,
                erratum.line,
                "find",
                f"{erratum.find!r} does not occur in {entry.id}'s text after the automatic steps",
            )
        for erratum, found in result.report.miscounted_errata:
            raise NormaliseError(
                erratum.file,
                erratum.line,
                "count",
                f"{erratum.find!r} occurs {found} times in {entry.id}, the erratum says {erratum.count}",
            )
        language = dominant_script(result.text)
        if language != entry.language:
            raise NormaliseError(
                registry_file,
                entry.line,
                "language",
                f"{entry.id}: the normalised text is mostly {language}, the registry says {entry.language}",
            )
        path = sources_dir / entry.text
        changed = not path.exists() or path.read_text(encoding="utf-8") != result.text
        results.append((path, result.text, DocumentResult(entry, path, changed, result.report)))
    report = NormaliseReport()
    for path, text, doc in results:
        if doc.changed:
            _write_atomically(path, text)
        report.documents.append(doc)
    return report
