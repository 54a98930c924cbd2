"""Servers on loopback: raw HTTP from a chosen source address (127.0.0.2 is another client), and
`dgkg serve` started as a user starts it."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from conftest import DGKG, REPO

Response = tuple[int, dict[str, str], bytes]


def request(
    url: str,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    client: str = "127.0.0.1",
    timeout: float = 60,
) -> Response:
    """Status, headers (lower-case names) and body of one request to the server at ``url``."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(client, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@dataclass
class Served:
    """A `dgkg serve` process and what it printed (collected while it runs)."""

    url: str
    process: subprocess.Popen
    log: list[str] = field(default_factory=list)

    def get(self, path: str, client: str = "127.0.0.1", timeout: float = 60) -> Response:
        return request(self.url, "GET", path, client=client, timeout=timeout)

    def alive(self) -> bool:
        return self.process.poll() is None

    def worker_pids(self) -> set[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        return {int(pid) for pid in out.stdout.split()}


@contextmanager
def serving(dist: Path, *flags: str) -> Iterator[Served]:
    """`dgkg serve` on a free port, as a user starts it; Ctrl-C at the end, as a user stops it,
    and its process group killed if that has not stopped it within 30 s."""
    process = subprocess.Popen(
        [*DGKG, "serve", "--port", "0", "--dist", str(dist), *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        cwd=REPO,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        match = re.search(r"SPARQL endpoint (http://127\.0\.0\.1:\d+)/sparql", banner)
        assert match, f"dgkg serve did not start: {banner}{process.stdout.read() if process.poll() is not None else ''}"
        served = Served(match.group(1), process)
        threading.Thread(target=lambda: served.log.extend(process.stdout or ()), daemon=True).start()
        yield served
    finally:
        process.terminate()  # dgkg serve stops on SIGTERM as on Ctrl-C
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)
