"""Finding and reading the record files, trusting nothing about the records tree.

A record is a regular file inside `sources/records/`. Symbolic links are refused outright
rather than resolved: a link may point anywhere (a system file whose lines would be echoed in
error messages, a device, nowhere), and no curated record needs one. Files are opened without
following links and without blocking, and are checked to be regular files of a bounded size
before a byte is read, so a FIFO, a device or a huge file cannot stall or exhaust the build.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from graph_build.errors import RecordError, RecordRefused

# 12 times the largest curated file (85 KB): room to grow, while parsing stays within seconds.
MAX_FILE_BYTES = 1024 * 1024
# Values (YAML nodes) in all record files together. The time and memory of the build grow with
# the values, not with the bytes (a file of short values holds many more of them), and each file
# is bounded on its own (MAX_FILE_BYTES, recordyaml.MAX_NODES), so this bounds the whole build
# against a records tree of many files: the curated records hold 40,000 values, a synthetic
# graph of a million triples (dgkg bench) 2.7 million; reading 8 million takes about 30 s and
# 3 GB, and the build after it scales alike.
MAX_TOTAL_VALUES = 8_000_000
SUFFIX = ".yaml"

Display = Callable[[Path], str]

_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def find_record_files(records_dir: Path, display: Display) -> tuple[list[Path], list[RecordError]]:
    """Every `*.yaml` under `records_dir` in a stable order, and an error for each symbolic link
    (which is never followed) or directory that cannot be listed."""
    found: list[Path] = []
    errors: list[RecordError] = []

    def unlistable(exc: OSError) -> None:
        errors.append(RecordError(display(Path(exc.filename)), None, "", f"cannot list this directory ({exc.strerror})"))

    for folder, dirs, files in os.walk(records_dir, onerror=unlistable):
        for name in dirs + files:
            path = Path(folder, name)
            if path.is_symlink():
                errors.append(
                    RecordError(
                        display(path),
                        None,
                        "",
                        "a symbolic link; records must be regular files inside the records directory (links are not followed)",
                    )
                )
            elif name.endswith(SUFFIX):
                found.append(path)
    return sorted(found), errors


def read_record_bytes(path: Path, display: str) -> bytes:
    """The file's bytes; raises RecordRefused for anything but a readable regular file of at
    most MAX_FILE_BYTES."""
    try:
        # O_NOFOLLOW: a link swapped in after listing is refused too; O_NONBLOCK: opening a
        # FIFO returns at once instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise RecordRefused(RecordError(display, None, "", f"cannot open ({exc.strerror})")) from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = _KINDS.get(stat.S_IFMT(mode), "something other than a file")
        raise RecordRefused(RecordError(display, None, "", f"{kind}, not a regular file of records"))
    with os.fdopen(fd, "rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise RecordRefused(
            RecordError(display, None, "", f"larger than {MAX_FILE_BYTES // 1024} KiB; split it into several files")
        )
    return data
