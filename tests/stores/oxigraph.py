"""The Oxigraph server from PyPI (`oxigraph serve`), its default graph the union of its graphs."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bench.servers import Running, free_port, launch, wait_for_sparql

BINARY = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


def start(directory: Path) -> Running:
    """An empty store in ``directory``; load it with ``dgkg push`` at ``graph_store_url``."""
    if BINARY is None:
        raise FileNotFoundError("the oxigraph server (pip install oxigraph)")
    port = free_port()
    log = directory / "oxigraph.log"
    args = [BINARY, "serve", "--location", str(directory / "data"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    process = launch(args, log)
    url = f"http://127.0.0.1:{port}"
    wait_for_sparql(f"{url}/query", process, log, 60)
    return Running("oxigraph", f"{url}/query", process, log, graph_store_url=f"{url}/store")
