"""What the bench runs inside its own processes, each printing one JSON object.

    python -m bench.probes questions DIST REPEATS   # each library question: dgkg API, raw pyoxigraph, rdflib
    python -m bench.probes load DIST                # load the graph: pyoxigraph (floor), rdflib (users' pick)

A process per probe, so that each one's peak memory is its own.

What a library question's two figures time, so that they compare like with like:

- API: ``queries.Store.run(question, params)``, what a Python caller writes: it binds the
  parameters into the question's text, runs it, and returns ``Rows``, a list of dicts whose every
  cell is already an rdflib term (nothing is left to read).
- raw: pyoxigraph ``Store.query`` on the text the API bound, every term of every row read (a
  pyoxigraph term), which is what a caller of the engine does with its answer.

The two calls alternate, after one untimed call each, so a load that comes and goes on a shared
machine weighs on both alike, and each is timed at least QUESTION_SAMPLES times: a question takes
milliseconds, and on a busy machine one run in three or so loses a scheduler slice of several,
enough to move the median of five.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.measure import median, p95

SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
QUESTION_SAMPLES = 21  # the fewest runs of each side of a library question
RDFLIB_BUDGET = 60.0  # seconds of rdflib queries per size: past that, rdflib is not measured further
# Above this many quads in dgkg.nq rdflib is not asked the questions: at a million triples (1.2M
# quads, twice that with the union copied into the default graph as the store holds it) loading
# them took 227 s and 8 GB, and its budget answered 11 of 40 questions. The load probe still
# times rdflib loading dgkg.trig at every size.
RDFLIB_QUESTIONS_QUADS = 750_000


def consume(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> object:
    """Every row of a result (an engine streams them: a query is done when its rows are read)."""
    return bool(result) if isinstance(result, ox.QueryBoolean) else list(result)


def read_rows(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> list[tuple[Any, ...]]:
    """Every term of every row, as a caller of the engine reads its answer."""
    assert isinstance(result, ox.QuerySolutions), "a library question is a SELECT"
    return [tuple(solution) for solution in result]


def alternated(first: Any, second: Any, repeats: int) -> tuple[list[float], list[float]]:
    """Times of ``first`` and of ``second``, called in turn after an untimed call of each."""
    first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for call, spent in zip((first, second), times, strict=True):
            started = time.perf_counter()
            call()
            spent.append(time.perf_counter() - started)
    return times


class Hubs:
    """The parameters the bench binds: the library's defaults name curated entities, so a synthetic
    graph gets its most linked entity of the parameter's class instead (a hub: the question's
    heaviest case), or its most linked entity of any class where the parameter names none. Each
    class is looked for once (the library's 42 parameters name 15 classes, and at 100k triples
    each look takes a second or more)."""

    def __init__(self, raw: ox.Store) -> None:
        self.raw = raw
        self.found: dict[str | None, Any] = {}

    def parameters(self, question: Any) -> dict[str, Any]:
        values = {
            param.name: self.hub(str(param.cls) if param.cls else None)
            for param in question.params
            if not (param.datatype or param.default is None)
        }
        return {name: value for name, value in values.items() if value is not None}

    def hub(self, cls: str | None) -> Any:
        if cls not in self.found:
            from rdflib import URIRef

            typed = f"?e a/<{SUBCLASS_OF}>* <{cls}> ." if cls else f"?e <{PREF_LABEL}> ?label ."
            rows = consume(
                self.raw.query(
                    f"SELECT ?e (COUNT(?x) AS ?n) WHERE {{ {typed} OPTIONAL {{ ?x ?p ?e }} }} "
                    "GROUP BY ?e ORDER BY DESC(?n) STR(?e) LIMIT 1"
                )
            )
            self.found[cls] = URIRef(rows[0]["e"].value) if isinstance(rows, list) and rows else None
        return self.found[cls]


def questions(dist: Path, repeats: int) -> dict[str, Any]:
    """The API and the raw engine first, then rdflib: its dataset, millions of Python objects,
    is loaded only once they are timed, so it weighs on neither."""
    from queries import Library, Store

    store = Store.from_dist(dist)
    raw = ox.Store.read_only(str(dist / "store"))
    samples = max(repeats, QUESTION_SAMPLES)
    results: dict[str, Any] = {}
    texts: dict[str, str] = {}
    hubs = Hubs(raw)
    for question in Library.load():
        try:
            params = hubs.parameters(question)
            text, _ = question.bind(params, store.resolve)
        except Exception as error:  # a question whose parameter has no synthetic entity
            results[question.name] = {"error": str(error)}
            continue
        api, floor = alternated(lambda q=question, p=params: store.run(q, p), lambda t=text: read_rows(raw.query(t)), samples)
        texts[question.name] = text
        results[question.name] = {
            "rows": len(store.run(question, params)),
            "api_median": median(api),
            "api_p95": p95(api),
            "raw_median": median(floor),
            "raw_p95": p95(floor),
            "rdflib_median": None,
        }
    with (dist / "dgkg.nq").open("rb") as dump:
        quads = sum(1 for _ in dump)
    if quads > RDFLIB_QUESTIONS_QUADS:
        return {"questions": results, "samples": samples, "rdflib_load_seconds": None, "rdflib_skipped_quads": quads}
    started = time.perf_counter()
    dataset = users_dataset(dist, store.layout.inferred)
    rdflib_load = time.perf_counter() - started
    spent = 0.0
    for name, text in texts.items():
        if spent >= RDFLIB_BUDGET:
            break
        started = time.perf_counter()
        rows = len(list(dataset.query(text)))
        took = time.perf_counter() - started
        spent += took
        results[name].update(rdflib_median=took, rdflib_rows=rows)  # one run: at 100k, seconds each
    return {"questions": results, "samples": samples, "rdflib_load_seconds": rdflib_load}


def users_dataset(dist: Path, inferred: str) -> Any:
    """The graph as a user of rdflib would load it to ask the library's questions: the dataset's
    TriG and the inferences into their graph, the default graph the union of them all. (The
    store's own copy of that union in its default graph would double rdflib's load for nothing.)"""
    from rdflib import Dataset, URIRef

    dataset = Dataset(default_union=True)
    dataset.parse(dist / "dgkg.trig", format="trig")
    dataset.graph(URIRef(inferred)).parse(dist / "inferred.ttl", format="turtle")
    return dataset


def load(dist: Path) -> dict[str, Any]:
    from rdflib import Dataset

    trig = dist / "dgkg.trig"
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    floor = time.perf_counter() - started
    started = time.perf_counter()
    Dataset().parse(trig, format="trig")
    users = time.perf_counter() - started
    return {"pyoxigraph_seconds": floor, "rdflib_seconds": users, "quads": len(store)}


def main(argv: list[str]) -> int:
    kind, dist = argv[0], Path(argv[1])
    result = questions(dist, int(argv[2])) if kind == "questions" else load(dist)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
