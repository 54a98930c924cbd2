"""OpenLink Virtuoso (Debian's virtuoso-opensource 7) for graphs that outgrow one machine: a server
of our own on loopback, bulk-loaded from the complete dump, asked the library questions beside
the embedded store.

A server of our own means its own database directory, configuration and free loopback ports,
beside any system service on 1111/8890; the agreement tests start it the same way.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.measure import DGKG, median, p95, run
from bench.probes import Hubs, alternated
from bench.servers import Running, free_port, launch, stop, wait_for_sparql

SERVER = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
ADMIN_PASSWORD = "dba"  # a fresh database's own; the server listens on loopback only, for one run
SAMPLES = 11  # runs of each question on each store (network round trips: fewer than in-process probes)

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
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/www
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
"""
# 8 KB pages: 170,000 buffers (1.3 GB) is OpenLink's setting for a machine with 2 GB to spare.
BUFFERS = 170_000


def installed() -> bool:
    return SERVER is not None and ISQL is not None


def start(directory: Path, max_rows: int = 10_000, buffers: int = 20_000) -> Running:
    """A fresh database in ``directory`` answering at ``query_url`` (/sparql); ``max_rows`` is
    ResultSetMaxRows, the cap Virtuoso puts on every result (10,000 in Debian's configuration)."""
    if SERVER is None or ISQL is None:
        raise FileNotFoundError("virtuoso-t and isql-vt (apt-get install virtuoso-opensource)")
    sql_port, http_port = free_port(), free_port()
    (directory / "www").mkdir()
    config = directory / "virtuoso.ini"
    settings = {"sql_port": sql_port, "http_port": http_port, "max_rows": max_rows, "buffers": buffers, "dirty": buffers * 3 // 4}
    config.write_text(CONFIG.format(dir=directory, **settings))
    log = directory / "server.log"
    process = launch([SERVER, "+foreground", "+configfile", str(config)], log, cwd=directory)
    url = f"http://127.0.0.1:{http_port}"
    wait_for_sparql(f"{url}/sparql", process, log, 120)
    return Running("virtuoso", f"{url}/sparql", process, log, sql_port=sql_port)


def isql(sql_port: int, command: str, timeout: float = 120) -> None:
    """Run a script file or ``exec=STATEMENT`` as the administrator; fail on any SQL error."""
    assert ISQL is not None
    result = subprocess.run(
        [ISQL, f"127.0.0.1:{sql_port}", "dba", ADMIN_PASSWORD, command], capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
        raise RuntimeError(f"isql-vt {command}: {result.stdout}{result.stderr}")


def bulk_load(server: Running, dump: Path, timeout: float = 1800) -> float:
    """Virtuoso's own bulk loader on an N-Quads dump (each quad into its named graph), as
    docs/remote-stores.md describes; the seconds it took."""
    assert server.sql_port is not None
    folder = server.log.parent / "bulk"
    folder.mkdir()
    shutil.copy(dump, folder / "dgkg.nq")
    started = time.monotonic()
    # The graph IRI is for triples without one, which an N-Quads dump of named graphs has none of.
    isql(server.sql_port, f"exec=ld_dir('{folder}', 'dgkg.nq', 'urn:dgkg:unnamed'); rdf_loader_run(); checkpoint;", timeout)
    return time.monotonic() - started


def peak_mb(server: Running) -> float:
    """The server's peak resident memory so far (VmHWM)."""
    status = Path(f"/proc/{server.process.pid}/status")
    for line in status.read_text().splitlines() if status.exists() else []:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(dist: Path, work: Path) -> dict[str, Any]:
    """Load the complete dump into Virtuoso and time every library question there (through
    queries.RemoteEndpoint, what `dgkg query --endpoint` uses) and in the embedded store (through
    queries.Store), each with the same parameters, in turn."""
    import pyoxigraph as ox

    from queries import Library, RemoteEndpoint, Store

    if not installed():
        return {"error": "Virtuoso is not installed (apt-get install virtuoso-opensource)"}
    dump = work / "dgkg-complete.nq"
    exported = run([*DGKG, "export", "--format", "nquads", "--inferred", "--dist", str(dist), "-o", str(dump)])
    if exported.code != 0:
        return {"error": f"dgkg export: {exported.stderr[-2000:]}"}
    with tempfile.TemporaryDirectory(prefix="dgkg-bench-virtuoso-") as folder:
        server = start(Path(folder), max_rows=1_000_000, buffers=BUFFERS)
        try:
            result: dict[str, Any] = {"dump_mb": dump.stat().st_size / 2**20, "load_seconds": bulk_load(server, dump)}
            remote, local = RemoteEndpoint(server.query_url), Store.from_dist(dist)
            raw = ox.Store.read_only(str(dist / "store"))
            questions: dict[str, Any] = {}
            hubs = Hubs(raw)
            for question in Library.load():
                try:
                    params = hubs.parameters(question)
                    there, here = alternated(
                        lambda q=question, p=params: remote.run(q, p), lambda q=question, p=params: local.run(q, p), SAMPLES
                    )
                except Exception as error:  # a question whose parameter has no synthetic entity, or a store's refusal
                    questions[question.name] = {"error": str(error)[:300]}
                    continue
                questions[question.name] = {
                    "virtuoso_median": median(there),
                    "virtuoso_p95": p95(there),
                    "embedded_median": median(here),
                    "embedded_p95": p95(here),
                }
            result["questions"] = questions
            result["server_peak_mb"] = peak_mb(server)
            return result
        finally:
            stop(server.process)
