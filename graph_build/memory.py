"""Memory between the build's stages: collected when a stage ends, then handed back to the system;
and each stage's peak, which the build reports beside its time."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def collecting_between_stages() -> Iterator[None]:
    """Python's automatic cycle collection off while the build runs (as it was again after).
    The build holds millions of objects at once, and each automatic full collection walks every
    one of them: at a million triples, 24 of them took 26 s of the first 97 s of a build. What a
    stage lets go is freed by reference counting as before; the cycles among it wait for the
    collection when the stage ends (give_back_memory). The build's peak memory was unchanged."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def give_back_memory() -> None:
    """Collects what the last stage let go, then asks the C allocator to return its free pages
    (glibc's malloc_trim). Python keeps freed memory for its own next objects, but the stages
    that follow allocate in Rust (Oxigraph's bulk loader, the SHACL engine), which cannot reuse
    it: at a million triples, the data let go after the dumps left the process at 1.37 GB,
    and 0.57 GB once trimmed, before the store's loader takes its own. Elsewhere than glibc it
    only collects."""
    import ctypes.util  # here, not at the top: the commands that only copy a file need not load it

    gc.collect()
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


# Linux keeps each process's high-water mark of resident memory (VmHWM), and starts it again from
# the present size when "5" is written to clear_refs (Linux 4.0 and later).
_STATUS, _CLEAR_REFS = Path("/proc/self/status"), Path("/proc/self/clear_refs")


def restart_peak_memory() -> None:
    """Starts this process's peak resident memory again from its present size, so that the next
    peak_memory_mb() is the peak of what runs from now on. Does nothing where Linux's /proc is not."""
    try:
        _CLEAR_REFS.write_text("5", encoding="ascii")
    except OSError:
        pass


def peak_memory_mb() -> float | None:
    """This process's peak resident memory since it started or since restart_peak_memory(), in MB
    (2**20 bytes); None where Linux's /proc is not. A child process (HermiT's Java) is not in it."""
    try:
        status = _STATUS.read_text(encoding="ascii")
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s*(\d+) kB$", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None
