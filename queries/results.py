"""SPARQL 1.1 query results: the Python row type, the four standard formats both ways, and
CONSTRUCT/DESCRIBE graphs in any RDF syntax of the registry (ontology.formats).

The serialisers are ours, not Oxigraph's, because they write rows that did not come from the
embedded engine: `dgkg query` writes what any target answers (a remote endpoint's rows are
parsed JSON), and the endpoint writes its ASK answers. They take pyoxigraph or rdflib terms
alike (queries.terms.parts). The endpoint's SELECT results are Oxigraph's own (web.solutions).
XML is escaped with the standard library's html.escape: xml.sax.saxutils would import
urllib.request, and with it http, email and ssl, a quarter of `dgkg query`'s start-up.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

import ontology
from ontology import formats
from queries.errors import QueryError
from queries.sparqltext import DEFAULT_PREFIXES
from queries.terms import Term, TermParts, ntriples_term, parts

SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


class Rows(list):
    """SELECT results: a list of dicts (variable -> term, None where unbound): rdflib terms from
    ``Target.select``, the target's own from ``Target.solutions`` (queries.terms).

    ``variables`` keeps the projection's order (an empty result still has columns);
    ``bindings`` says how each parameter of a library question was read;
    ``truncated`` is set when a server cut the results at its cap.
    """

    def __init__(self, variables: Sequence[str], rows: Iterable[dict[str, Term]] = ()) -> None:
        super().__init__(rows)
        self.variables = tuple(variables)
        self.bindings: list = []
        self.truncated = False

    def column(self, variable: str) -> list[Term]:
        return [row.get(variable) for row in self]


def graph_document(triples: Iterable[ox.Triple], media_type: str) -> bytes:
    """A CONSTRUCT or DESCRIBE result in the RDF syntax of ``media_type``, canonical like every
    RDF dgkg writes (sorted, RDFC-1.0 blank nodes; JSON-LD compacted to the usual prefixes)."""
    fmt = formats.format_for_media_type(media_type)
    if fmt is None:
        offered = ", ".join(f.media_type for f in formats.FORMATS.values())
        raise QueryError(f"no RDF format has the media type {media_type!r} (the formats: {offered})")
    quads = (ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return ontology.rdfio.serialize(quads, fmt, DEFAULT_PREFIXES, context=DEFAULT_PREFIXES)


def json_term(term: Term) -> dict[str, str]:
    p = parts(term)
    out = {"type": p.kind, "value": p.value}
    if p.lang:
        out["xml:lang"] = p.lang
    elif p.datatype:
        out["datatype"] = p.datatype
    return out


def solutions_json(variables: Sequence[str], rows: Iterable[Sequence[Term]]) -> bytes:
    bindings = [{var: json_term(term) for var, term in zip(variables, row, strict=True) if term is not None} for row in rows]
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def boolean_json(value: bool) -> bytes:
    return json.dumps({"head": {}, "boolean": bool(value)}).encode("utf-8")


def solutions_xml(variables: Sequence[str], rows: Iterable[Sequence[Term]]) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<sparql xmlns="{SPARQL_RESULTS_NS}">', "<head>"]
    out += [f"<variable name={_attribute(var)}/>" for var in variables]
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        for var, term in zip(variables, row, strict=True):
            if term is not None:
                out.append(f"<binding name={_attribute(var)}>{_xml_term(parts(term))}</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode("utf-8")


def _xml_term(p: TermParts) -> str:
    if p.kind == "uri":
        return f"<uri>{html.escape(p.value, quote=False)}</uri>"
    if p.kind == "bnode":
        return f"<bnode>{html.escape(p.value, quote=False)}</bnode>"
    attr = f" xml:lang={_attribute(p.lang)}" if p.lang else (f" datatype={_attribute(p.datatype)}" if p.datatype else "")
    return f"<literal{attr}>{html.escape(p.value, quote=False)}</literal>"


def _attribute(value: str) -> str:
    """An XML attribute's value, quoted."""
    return f'"{html.escape(value)}"'


def boolean_xml(value: bool) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}"><head/>'
        f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
    ).encode("utf-8")


def boolean_csv(value: bool) -> bytes:
    """An ASK answer as CSV, as Jena writes it (SPARQL 1.1 defines CSV for solutions only)."""
    return f"_askResult\r\n{'true' if value else 'false'}\r\n".encode("utf-8")


def boolean_tsv(value: bool) -> bytes:
    return f"?_askResult\n{'true' if value else 'false'}\n".encode("utf-8")


def solutions_csv(variables: Sequence[str], rows: Iterable[Sequence[Term]]) -> bytes:
    """CSV as SPARQL 1.1 defines it: plain values, CRLF line ends, no types or languages."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if term is None else _csv_value(parts(term)) for term in row])
    return buffer.getvalue().encode("utf-8")


def _csv_value(p: TermParts) -> str:
    return f"_:{p.value}" if p.kind == "bnode" else p.value


def solutions_tsv(variables: Sequence[str], rows: Iterable[Sequence[Term]]) -> bytes:
    """TSV as SPARQL 1.1 defines it: terms in Turtle/N-Triples syntax, so types survive."""
    lines = ["\t".join(f"?{var}" for var in variables)]
    for row in rows:
        lines.append("\t".join("" if term is None else ntriples_term(parts(term)) for term in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def parse_results_json(data: bytes | str) -> Rows | bool:
    """Rows (or the boolean of an ASK) from SPARQL 1.1 results JSON, with rdflib terms."""
    from rdflib import BNode, Literal, URIRef  # here: `dgkg query` on the embedded store parses no JSON

    doc = json.loads(data)
    if "boolean" in doc:
        return bool(doc["boolean"])
    variables = doc.get("head", {}).get("vars", [])
    rows = Rows(variables)
    for binding in doc.get("results", {}).get("bindings", []):
        row: dict[str, Term] = {var: None for var in variables}
        for var, term in binding.items():
            if term["type"] == "uri":
                row[var] = URIRef(term["value"])
            elif term["type"] == "bnode":
                row[var] = BNode(term["value"])
            else:
                datatype = term.get("datatype")
                row[var] = Literal(term["value"], lang=term.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)
        rows.append(row)
    return rows


def rows_as_sequences(rows: Rows) -> list[list[Term]]:
    return [[row.get(var) for var in rows.variables] for row in rows]
