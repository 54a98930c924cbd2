"""Starting and stopping a store's server process on loopback, and waiting until it answers SPARQL:
the real stores the bench measures beside the embedded one, and the agreement tests ask."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode


@dataclass
class Running:
    """A store's server: where to ask it, where to load it (if it has a Graph Store), its log."""

    name: str
    query_url: str
    process: subprocess.Popen
    log: Path
    graph_store_url: str | None = None
    sql_port: int | None = None  # Virtuoso's, for isql-vt


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launch(args: list[str], log: Path, cwd: Path | None = None) -> subprocess.Popen:
    """The process in its own session, its output to a file (a pipe nobody reads could fill up)."""
    with log.open("wb") as sink:
        return subprocess.Popen(args, stdout=sink, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True)


def wait_for_sparql(query_url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    """Return once ``ASK {}`` is answered; fail with the server's log if it exits or never answers.
    However the wait ends but answered (a failure, Ctrl-C, SIGTERM), the server is stopped: it runs
    in its own session, so nothing else would stop it."""
    try:
        _wait_for_sparql(query_url, process, log, seconds)
    except BaseException:
        stop(process)
        raise


def _wait_for_sparql(query_url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    request = f"{query_url}?{urlencode({'query': 'ASK {}'})}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                answer.read()
                return
        except urllib.error.HTTPError as error:
            # Answered, though not 200: the server is up, the request is what is wrong.
            raise RuntimeError(f"{query_url} answered HTTP {error.code} to ASK {{}}: {tail(log)}") from None
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args!r} exited: {tail(log)}") from None
            time.sleep(0.2)
    raise RuntimeError(f"{query_url} did not answer within {seconds:g} s")


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:]


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(30)
