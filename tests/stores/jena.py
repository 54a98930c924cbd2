"""Apache Jena (Debian's libapache-jena-java 4.5): TDB2 bulk-loaded from a dump by tdb2.tdbloader,
then asked over HTTP through JenaEndpoint.java (Debian packages no Fuseki)."""

from __future__ import annotations

import shutil
import subprocess
import time
import zipfile
from pathlib import Path

from bench.servers import Running, free_port, launch, wait_for_sparql

JAVA = shutil.which("java")
JAVAC = shutil.which("javac")  # the source launcher that runs JenaEndpoint.java compiles it: a JDK
JARS = Path("/usr/share/java")
PACKAGE = "libapache-jena-java"
ENDPOINT = Path(__file__).with_name("JenaEndpoint.java")
# Debian's jena-core.jar moved the bundled Xerces classes to the package ``xerces`` but left their
# message resources under org/apache/jena/ext/xerces, so XSD datatypes fail to initialise
# ("internal error" in XSSimpleTypeDecl.applyFacets1) and no Jena command runs. The resources,
# copied to where the classes look, go first on the class path.
MISPLACED = "org/apache/jena/ext/xerces/"


def installed() -> bool:
    return JAVA is not None and JAVAC is not None and (JARS / "jena-tdb2.jar").is_file()


def class_path(work: Path) -> str:
    """Jena's jars and those of the packages it depends on (not every jar in /usr/share/java:
    several SLF4J bindings there clash), one SLF4J binding, and the moved Xerces resources."""
    packages = [PACKAGE, *_dependencies(PACKAGE)]
    listed = subprocess.run(["dpkg", "-L", *packages], capture_output=True, text=True, check=True).stdout.split()
    # Each jar is also installed under its versioned name: the unversioned one is enough.
    jars = sorted({p for p in listed if p.startswith(f"{JARS}/") and p.endswith(".jar") and not _versioned(p)})
    # libslf4j-java installs every binding and bridge; two at once make SLF4J refuse to start.
    jars = [jar for jar in jars if "slf4j" not in Path(jar).name or Path(jar).name == "slf4j-api.jar"]
    return ":".join([str(_xerces_resources(work)), *jars, str(JARS / "slf4j-nop.jar")])


def _dependencies(package: str) -> list[str]:
    depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", package], capture_output=True, text=True, check=True)
    return [alternative.split()[0] for alternative in depends.stdout.split(",") if alternative.strip()]


def _versioned(path: str) -> bool:
    stem = Path(path).stem
    return stem.rpartition("-")[2][:1].isdigit()


def _xerces_resources(work: Path) -> Path:
    target = work / "xerces-resources"
    with zipfile.ZipFile(JARS / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(MISPLACED) and not name.endswith("/"):
                out = target / "xerces" / name[len(MISPLACED) :]
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(jar.read(name))
    return target


def load(dump: Path, directory: Path, cp: str) -> float:
    """Bulk-load an N-Quads or TriG ``dump`` into a new TDB2 database; the seconds it took."""
    started = time.monotonic()
    result = subprocess.run(
        [str(JAVA), "-cp", cp, "tdb2.tdbloader", "--loc", str(directory), str(dump)], capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise RuntimeError(f"tdb2.tdbloader failed: {result.stdout}{result.stderr}")
    return time.monotonic() - started


def start(database: Path, work: Path, cp: str) -> Running:
    """The endpoint over a loaded TDB2 ``database``; its default graph is the union of its graphs."""
    port = free_port()
    log = work / "jena.log"
    process = launch([str(JAVA), "-cp", cp, str(ENDPOINT), str(database), str(port)], log)
    url = f"http://127.0.0.1:{port}/sparql"
    wait_for_sparql(url, process, log, 120)
    return Running("jena", url, process, log)
