"""OpenLink Virtuoso for the agreement tests: the bench's server of our own (bench.virtuoso), with
a writer account allowed the Digest-protected Graph Store so `dgkg push` can load it."""

from __future__ import annotations

from pathlib import Path

from bench.servers import Running
from bench.virtuoso import bulk_load, installed, isql
from bench.virtuoso import start as start_server
from conftest import REPO

GRANTS = REPO / "scripts" / "virtuoso-grants.sql"
WRITER = "dgkg_writer"

__all__ = ["bulk_load", "installed", "start"]


def start(directory: Path, password: str, max_rows: int = 10_000) -> Running:
    """A fresh database in ``directory`` answering at ``query_url`` (/sparql), with ``dgkg_writer``
    (``password``) allowed to write through the Digest-protected Graph Store (``graph_store_url``,
    credentials included) by scripts/virtuoso-grants.sql. ``max_rows`` is ResultSetMaxRows, the cap
    Virtuoso puts on every result (10,000 in Debian's configuration)."""
    server = start_server(directory, max_rows)
    assert server.sql_port is not None
    isql(server.sql_port, f"exec=DB.DBA.USER_CREATE ('{WRITER}', '{password}')")
    isql(server.sql_port, str(GRANTS))
    http = server.query_url.removesuffix("/sparql").removeprefix("http://")
    server.graph_store_url = f"http://{WRITER}:{password}@{http}/sparql-graph-crud-auth"
    return server
