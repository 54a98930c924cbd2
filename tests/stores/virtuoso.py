"""OpenLink Virtuoso (Debian's virtuoso-opensource 7): a server of our own, with its own database
directory, configuration and loopback ports, beside any system service on 1111/8890."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from conftest import REPO
from stores.process import Running, free_port, launch, wait_for_sparql

SERVER = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
GRANTS = REPO / "scripts" / "virtuoso-grants.sql"
WRITER = "dgkg_writer"
ADMIN_PASSWORD = "dba"  # a fresh database's own; the server listens on loopback only, for one test run

CONFIG = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/www
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
"""


def start(directory: Path, password: str, max_rows: int = 10_000) -> Running:
    """A fresh database in ``directory`` answering at ``query_url`` (/sparql), with ``dgkg_writer``
    (``password``) allowed to write through the Digest-protected Graph Store (``graph_store_url``,
    credentials included) by scripts/virtuoso-grants.sql. ``max_rows`` is ResultSetMaxRows, the cap
    Virtuoso puts on every result (10,000 in Debian's configuration)."""
    if SERVER is None or ISQL is None:
        raise FileNotFoundError("virtuoso-t and isql-vt (apt-get install virtuoso-opensource)")
    sql_port, http_port = free_port(), free_port()
    (directory / "www").mkdir()
    config = directory / "virtuoso.ini"
    config.write_text(CONFIG.format(dir=directory, sql_port=sql_port, http_port=http_port, max_rows=max_rows))
    log = directory / "server.log"
    process = launch([SERVER, "+foreground", "+configfile", str(config)], log, cwd=directory)
    url = f"http://127.0.0.1:{http_port}"
    wait_for_sparql(f"{url}/sparql", process, log, 120)
    isql(sql_port, f"exec=DB.DBA.USER_CREATE ('{WRITER}', '{password}')")
    isql(sql_port, str(GRANTS))
    return Running(
        "virtuoso",
        f"{url}/sparql",
        process,
        log,
        graph_store_url=f"http://{WRITER}:{password}@127.0.0.1:{http_port}/sparql-graph-crud-auth",
        sql_port=sql_port,
    )


def isql(sql_port: int, command: str) -> None:
    """Run a script file or ``exec=STATEMENT`` as the administrator; fail on any SQL error."""
    assert ISQL is not None
    result = subprocess.run(
        [ISQL, f"127.0.0.1:{sql_port}", "dba", ADMIN_PASSWORD, command], capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
        raise RuntimeError(f"isql-vt {command}: {result.stdout}{result.stderr}")


def bulk_load(server: Running, dump: Path) -> float:
    """Virtuoso's own bulk loader on an N-Quads dump (each quad into its named graph), as
    docs/remote-stores.md describes; the seconds it took."""
    assert server.sql_port is not None
    folder = server.log.parent / "bulk"
    folder.mkdir()
    shutil.copy(dump, folder / "dgkg.nq")
    started = time.monotonic()
    # The graph IRI is for triples without one, which an N-Quads dump of named graphs has none of.
    isql(server.sql_port, f"exec=ld_dir('{folder}', 'dgkg.nq', 'urn:dgkg:unnamed'); rdf_loader_run(); checkpoint;")
    return time.monotonic() - started
