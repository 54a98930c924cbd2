"""The query page's server side: ``/query`` (the form, rendered with its results for a browser
without scripts) and ``/query/bind`` (a library question's parameters filled in).

Its own module, loaded on the page's first request: the page needs rdflib terms, the library,
the label index and the store's vocabulary, none of which a client of ``/sparql`` should make
the server load. Every query still runs through :meth:`web.app.Endpoint.run`.
"""

from __future__ import annotations

import json
from functools import cached_property
from urllib.parse import unquote

from rdflib import Literal, URIRef

from ontology import PREFIXES
from web import page, protocol, statics
from web.app import CSP, Endpoint
from web.outcome import Outcome, plain
from web.task import WARNING_HEADER
from queries import QueryError
from queries import names_of, pick, short_name
from queries import Question
from queries import Rows, parse_results_json


class QueryPage:
    """The page of one endpoint (its setup, asked of the store once, is kept)."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    def form(self, environ: dict, client: str) -> Outcome:
        params = protocol.url_params(environ)
        if isinstance(params, Outcome):
            return params
        if environ.get("REQUEST_METHOD") == "POST":
            form = protocol.read_form(environ, self.endpoint.settings.max_query_bytes * 2)
            if isinstance(form, Outcome):
                return form
            params.update(form)
        first = {key: values[0] for key, values in params.items() if values}
        lang = "en" if first.get("lang") == "en" else "zh"
        view = page.PageView([page.Example(q.name, q.zh, q.en) for q in self.endpoint.library], lang)
        if not first.get("query") and not first.get("name"):
            return self._html(view)
        try:
            question = self.endpoint.library.get(first["name"]) if first.get("name") else None
        except QueryError as error:
            view.error = str(error)
            return self._html(view, 404)
        text = first.get("query") or (question.text if question else "")
        view.current = question.name if question else None
        view.query = text
        try:
            asked = Question.parse(text)
        except QueryError as error:  # a '# param:' line the page cannot read
            view.error = str(error)
            return self._html(view, 400)
        self._run_for_page(view, asked, {k[6:]: v for k, v in first.items() if k.startswith("param.")}, client)
        return self._html(view)

    def bind(self, environ: dict) -> Outcome:
        """A query's text with its ``# param:`` values bound, as JSON: the page's script sends the
        result to /sparql. Resolving a label asks the store fixed queries; the client's query is
        not run here."""
        if environ.get("REQUEST_METHOD") != "POST":
            return plain(405, "POST a form with 'query' and 'param.<name>' fields", (("Allow", "POST"),))
        form = protocol.read_form(environ, self.endpoint.settings.max_query_bytes * 2)
        if isinstance(form, Outcome):
            return form
        first = {key: values[0] for key, values in form.items() if values}
        values = {k[6:]: v for k, v in first.items() if k.startswith("param.") and v}
        try:
            bound, bindings = Question.parse(first.get("query", "")).bind(values, self.endpoint.store.resolve)
        except QueryError as error:
            return _json(400, {"error": str(error)})
        return _json(200, {"query": bound, "notes": [b.note for b in bindings if b.note]})

    def _html(self, view: page.PageView, status: int = 200) -> Outcome:
        from viz import navigation_bar, script_source

        policy = (
            f"default-src 'none'; script-src 'self' {script_source()}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
        shell = page.Shell(navigation_bar("query", served=True), self.setup, statics.urls())
        return Outcome(status, "text/html; charset=utf-8", page.render(view, shell), ((CSP, policy),))

    @cached_property
    def setup(self) -> dict:
        """What the page's script needs: the library, prefixes and terms to complete, where
        entities live. Asked of the store once."""
        owl = "http://www.w3.org/2002/07/owl#"
        classes = f"SELECT DISTINCT ?t WHERE {{ {{ ?t a <{owl}Class> }} UNION {{ ?x a ?t }} FILTER(isIRI(?t)) }}"
        properties = (
            f"SELECT DISTINCT ?t WHERE {{ {{ ?x ?t ?y }} UNION {{ VALUES ?k {{ <{owl}ObjectProperty> <{owl}DatatypeProperty> "
            f"<{owl}AnnotationProperty> }} ?t a ?k }} }}"
        )
        return {
            "questions": [
                {
                    "name": q.name,
                    "zh": q.zh,
                    "en": q.en,
                    "text": q.text,
                    "params": [{"name": p.name, "default": p.default or "", "doc": p.doc} for p in q.params],
                }
                for q in self.endpoint.library
            ],
            "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
            "classes": sorted(str(row["t"]) for row in self.endpoint.store.select(classes)),
            "properties": sorted(str(row["t"]) for row in self.endpoint.store.select(properties)),
            "base": self.endpoint.store.base,
            "resources": "/resource/" in self.endpoint.mounts,
            "resultCap": self.endpoint.settings.result_cap,
        }

    def _run_for_page(self, view: page.PageView, question: Question, values: dict[str, str], client: str) -> None:
        view.params = [(p.name, values.get(p.name, p.default or ""), p.doc) for p in question.params]
        try:
            bound, bindings = question.bind({k: v for k, v in values.items() if v}, self.endpoint.store.resolve)
        except QueryError as error:
            view.error = str(error)
            return
        view.notes = [b.note for b in bindings if b.note]
        outcome = self.endpoint.run(bound, client, "application/sparql-results+json, text/turtle;q=0.9")
        view.notes += [unquote(value) for name, value in outcome.headers if name == WARNING_HEADER]
        if outcome.status != 200:
            view.error = outcome.body.decode("utf-8", "replace")
            return
        if outcome.content_type.startswith("text/turtle"):
            view.graph_text = outcome.body.decode("utf-8")
            return
        result = parse_results_json(outcome.body)
        if isinstance(result, bool):
            view.boolean = result
            return
        view.truncated_at = self.endpoint.settings.result_cap if dict(outcome.headers).get("X-Dgkg-Truncated") else None
        self._fill_table(view, result)

    def _fill_table(self, view: page.PageView, rows: Rows) -> None:
        names = names_of(self.endpoint.store.solutions, (v for row in rows for v in row.values() if v is not None))
        slug_of = self.endpoint.store.slug
        mounted = "/resource/" in self.endpoint.mounts
        view.variables = list(rows.variables)
        view.rows = []
        for row in rows:
            cells = []
            for var in rows.variables:
                value = row.get(var)
                if value is None:
                    cells.append(page.Cell(""))
                elif isinstance(value, URIRef):
                    slug = slug_of(value)
                    href = f"/resource/{slug}" if mounted and slug != str(value) else None
                    label = pick(names.get(value, {}), view.lang) or short_name(value, slug_of)
                    cells.append(page.Cell(label, str(value), href))
                elif isinstance(value, Literal):
                    note = value.language or (short_name(value.datatype, slug_of) if value.datatype else "")
                    cells.append(page.Cell(str(value), str(value.datatype or ""), None, note or ""))
                else:
                    cells.append(page.Cell(f"_:{value}"))
            view.rows.append(cells)


def _json(status: int, body: dict) -> Outcome:
    return Outcome(status, "application/json", json.dumps(body, ensure_ascii=False).encode("utf-8"))
