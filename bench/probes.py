"""What the bench runs in a process of its own, printing one JSON object: the library questions.

    python -m bench.probes DIST REPEATS   # each library question: dgkg API, raw pyoxigraph, rdflib

Its own process, so that its peak memory is its own. It times loading the graph on the way: rdflib
must load it to be asked the questions, and loading it twice (as two probes did) doubled the
probe's longest part (20 s at 100k triples) for the same figure.

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
            # each entity once before its links are counted: joined directly, an entity with two
            # labels (or two types of the class) had its links counted twice
            rows = consume(
                self.raw.query(
                    f"SELECT ?e (COUNT(?x) AS ?n) WHERE {{ {{ SELECT DISTINCT ?e WHERE {{ {typed} }} }} "
                    "OPTIONAL { ?x ?p ?e } } GROUP BY ?e ORDER BY DESC(?n) STR(?e) LIMIT 1"
                )
            )
            self.found[cls] = URIRef(rows[0]["e"].value) if isinstance(rows, list) and rows else None
        return self.found[cls]


def questions(dist: Path, repeats: int) -> dict[str, Any]:
    """The API and the raw engine first; then the graph loaded by pyoxigraph (the floor) and by
    rdflib (users' pick), each timed; then rdflib asked the questions. Its dataset, millions of
    Python objects, is made only once the others are timed, so it weighs on neither."""
    from rdflib import URIRef

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
    loaded, dataset = load(dist)
    asked = {"questions": results, "samples": samples, "load": loaded}
    with (dist / "dgkg.nq").open("rb") as dump:
        quads = sum(1 for _ in dump)
    if quads > RDFLIB_QUESTIONS_QUADS:
        return {**asked, "rdflib_skipped_quads": quads}
    # as a user would ask them: the inferences in their graph, the default graph the union of all
    dataset.graph(URIRef(str(store.layout.inferred))).parse(dist / "inferred.ttl", format="turtle")
    spent = 0.0
    for name, text in texts.items():
        if spent >= RDFLIB_BUDGET:
            break
        started = time.perf_counter()
        rows = len(list(dataset.query(text)))
        took = time.perf_counter() - started
        spent += took
        results[name].update(rdflib_median=took, rdflib_rows=rows)  # one run: at 100k, seconds each
    return asked


def load(dist: Path) -> tuple[dict[str, Any], Any]:
    """dgkg.trig loaded by pyoxigraph into memory (the floor) and by rdflib into a Dataset whose
    default graph is the union of its graphs, each timed; and that Dataset."""
    from rdflib import Dataset

    trig = dist / "dgkg.trig"
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    floor = time.perf_counter() - started
    quads = len(store)
    del store
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(trig, format="trig")
    users = time.perf_counter() - started
    return {"pyoxigraph_seconds": floor, "rdflib_seconds": users, "quads": quads}, dataset


def main(argv: list[str]) -> int:
    print(json.dumps(questions(Path(argv[0]), int(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
