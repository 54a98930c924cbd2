"""Versioned releases: every export, the description and the docs in dist.releases/dgkg-X.Y.Z/
(and a reproducible dgkg-X.Y.Z.tar.gz), with a CHANGELOG computed by a graph diff against the
previous release.

The diff (:func:`diff_releases`) compares the asserted facts as graphs with rdflib.compare
(``to_canonical_graph`` + ``graph_diff``), so blank nodes of OWL axioms compare by structure, not
by label; entities are the typed resources under the resource base, claims the named graphs
under ``<base>claim/``. An entity changed when a triple with it as subject was added or removed.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import shutil
import tarfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, to_canonical_graph
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from publish.export import CSV, FORMATS, default_name, export
from publish.source import DistMissing, load

QUADS_FILE = "dgkg.nq"  # what a later release diffs against
COPIED = ("void.ttl", "context.jsonld", "ontology.ttl", "ontology.owl")


class ReleaseError(Exception):
    """A release cannot be made as asked (exists already, previous release unreadable)."""


@dataclass
class Changes:
    previous: str | None
    entities_added: list[str] = field(default_factory=list)
    entities_removed: list[str] = field(default_factory=list)
    entities_changed: dict[str, tuple[int, int]] = field(default_factory=dict)  # slug -> (+triples, -triples)
    claims_added: list[str] = field(default_factory=list)
    claims_removed: list[str] = field(default_factory=list)
    claims_changed: list[str] = field(default_factory=list)
    triples_added: int = 0
    triples_removed: int = 0

    def markdown(self, version: str) -> str:
        lines = [f"# Changelog: dgkg {version}", ""]
        if self.previous is None:
            lines += ["First release: no previous release to compare with.", ""]
            return "\n".join(lines)
        lines += [
            f"Compared with {self.previous} by a graph diff of the asserted facts (rdflib.compare, canonical blank nodes).",
            "",
            f"- triples: +{self.triples_added} / -{self.triples_removed}",
            f"- entities: {len(self.entities_added)} added, {len(self.entities_removed)} removed, "
            f"{len(self.entities_changed)} changed",
            f"- claims: {len(self.claims_added)} added, {len(self.claims_removed)} removed, {len(self.claims_changed)} changed",
            "",
        ]
        for title, items in (
            ("Entities added", self.entities_added),
            ("Entities removed", self.entities_removed),
            ("Entities changed", [f"{s} (+{a} / -{r} triples)" for s, (a, r) in sorted(self.entities_changed.items())]),
            ("Claims added", self.claims_added),
            ("Claims removed", self.claims_removed),
            ("Claims changed", self.claims_changed),
        ):
            if items:
                lines += [f"## {title}", "", *(f"- `{item}`" for item in items), ""]
        return "\n".join(lines)


def _read_quads(path: Path) -> tuple[Graph, dict[str, frozenset[tuple[Node, Node, Node]]]]:
    """The facts (every graph but the provenance graph) and the claims' triples by claim IRI."""
    dataset = Dataset()
    dataset.parse(path, format="nquads" if path.suffix == ".nq" else "trig")
    facts = Graph()
    claims: dict[str, set] = defaultdict(set)
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = str(g.identifier if isinstance(g, Graph) else g)
        if name.endswith("/graph/provenance") or name.endswith("/graph/inferred"):
            continue
        facts.add((s, p, o))
        if "/claim/" in name:
            claims[name].add((s, p, o))
    return facts, {k: frozenset(v) for k, v in claims.items()}


def _previous_file(previous: Path) -> Path:
    for candidate in (previous / QUADS_FILE, previous / "dgkg.trig"):
        if candidate.is_file():
            return candidate
    raise ReleaseError(f"{previous} holds no {QUADS_FILE} (a release) or dgkg.trig (a dist/)")


def _entities(graph: Graph, base: str) -> set[URIRef]:
    return {
        s
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(base) and "/" not in str(s)[len(base) :]
    }


def diff_releases(old_file: Path, new_file: Path, base: str, label: str) -> Changes:
    old, old_claims = _read_quads(old_file)
    new, new_claims = _read_quads(new_file)
    _, only_old, only_new = graph_diff(to_canonical_graph(old), to_canonical_graph(new))
    changes = Changes(label, triples_added=len(only_new), triples_removed=len(only_old))
    old_entities, new_entities = _entities(old, base), _entities(new, base)
    slug = lambda iri: str(iri)[len(base) :]  # noqa: E731
    changes.entities_added = sorted(slug(e) for e in new_entities - old_entities)
    changes.entities_removed = sorted(slug(e) for e in old_entities - new_entities)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for triples, index in ((only_new, 0), (only_old, 1)):
        for s, _, _ in triples:
            if s in old_entities and s in new_entities:
                counts[slug(s)][index] += 1
    changes.entities_changed = {s: (a, r) for s, (a, r) in sorted(counts.items())}
    changes.claims_added = sorted(c[len(base) :] for c in set(new_claims) - set(old_claims))
    changes.claims_removed = sorted(c[len(base) :] for c in set(old_claims) - set(new_claims))
    changes.claims_changed = sorted(c[len(base) :] for c in set(old_claims) & set(new_claims) if old_claims[c] != new_claims[c])
    return changes


def latest_release(releases: Path) -> Path | None:
    """The release directory with the highest X.Y.Z in ``releases`` (None if there is none)."""

    def key(path: Path) -> tuple[int, ...]:
        core = path.name[len("dgkg-") :].split("-")[0].split("+")[0]
        return tuple(int(x) if x.isdigit() else -1 for x in core.split("."))

    found = [p for p in releases.glob("dgkg-*") if p.is_dir() and (p / QUADS_FILE).is_file()] if releases.is_dir() else []
    return max(found, key=key) if found else None


def version_of(dist: Path) -> str:
    """The ontology's owl:versionInfo (what void.ttl calls the dataset's version)."""
    graph = Graph().parse(dist / "ontology.ttl", format="turtle")
    versions = sorted(str(v) for v in graph.objects(URIRef("https://w3id.org/dgkg/ontology"), OWL.versionInfo))
    return versions[0] if versions else "0.0.0"


def _tarball(directory: Path) -> Path:
    """dgkg-X.Y.Z.tar.gz next to the directory: sorted members, fixed times and owners, so the
    same release gives the same bytes."""
    target = directory.with_name(directory.name + ".tar.gz")
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(directory.rglob("*")):
            info = tar.gettarinfo(str(path), arcname=str(Path(directory.name) / path.relative_to(directory)))
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            info.mode = 0o755 if path.is_dir() else 0o644
            if path.is_file():
                with path.open("rb") as handle:
                    tar.addfile(info, handle)
            else:
                tar.addfile(info)
    with target.open("wb") as out, gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
        gz.write(raw.getvalue())
    return target


README = """# dgkg {version}

Knowledge graph of China's digital government (中国数字政府知识图谱), release {version}.
Licence: CC BY 4.0. Every fact is a claim (a named graph) with its source and a verbatim quote.

| file | content |
|------|---------|
{rows}
See CHANGELOG.md for what changed since the previous release, void.ttl for the dataset
description (counts, distributions), docs/index.html for the ontology, manifest.json for checksums.
"""


def make_release(
    dist: Path, releases: Path, version: str | None = None, previous: Path | None = None
) -> tuple[Path, Path, Changes]:
    """Write the release directory and tarball; returns (directory, tarball, changes)."""
    if not (dist / "dgkg.trig").is_file():
        raise DistMissing(f"{dist / 'dgkg.trig'} not found: run `dgkg build` first")
    version = version or version_of(dist)
    directory = releases / f"dgkg-{version}"
    if directory.exists() or directory.with_name(directory.name + ".tar.gz").exists():
        raise ReleaseError(f"{directory} exists already: a released version is never overwritten")
    if previous is not None:
        old_file = _previous_file(previous)  # fail before writing anything
    directory.mkdir(parents=True)
    data = load(dist)
    files: dict[str, str] = {}
    for name, fmt in FORMATS.items():
        export(data, name, directory / default_name(name, False))
        files[default_name(name, False)] = f"{fmt.media_type}: " + (
            "claims as named graphs, with provenance" if fmt.named_graphs else "asserted facts and ontology"
        )
    export(data, CSV, directory / "csv")
    files["csv/"] = "text/csv: one table per class"
    inferred = load(dist, inferred=True)
    export(inferred, "nquads", directory / default_name("nquads", True))
    files[default_name("nquads", True)] = f"{FORMATS['nquads'].media_type}: with the reasoner's inferences"
    for name in COPIED:
        shutil.copyfile(dist / name, directory / name)
    # the dataset's version in the description is the release's (the build wrote the ontology's)
    void = directory / "void.ttl"
    void.write_text(
        re.sub(r'((?:dcat:version|owl:versionInfo) )"[^"]*"', rf'\1"{version}"', void.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    files.update(
        {
            "void.ttl": "VoID + DCAT description",
            "context.jsonld": "the JSON-LD context",
            "ontology.ttl": "the ontology (Turtle)",
            "ontology.owl": "the ontology (RDF/XML)",
        }
    )
    if (dist / "docs").is_dir():
        shutil.copytree(dist / "docs", directory / "docs")
        files["docs/"] = "ontology documentation (HTML)"
    base = data.base
    if previous is not None:
        changes = diff_releases(old_file, directory / QUADS_FILE, base, previous.name)
    else:
        changes = Changes(None)
    (directory / "CHANGELOG.md").write_text(changes.markdown(version), encoding="utf-8")
    rows = "".join(f"| `{name}` | {text} |\n" for name, text in files.items())
    (directory / "README.md").write_text(README.format(version=version, rows=rows), encoding="utf-8")
    manifest = {
        "version": version,
        "previous": previous.name if previous else None,
        "files": {
            str(p.relative_to(directory)): {"bytes": p.stat().st_size, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
            for p in sorted(directory.rglob("*"))
            if p.is_file()
        },
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return directory, _tarball(directory), changes
