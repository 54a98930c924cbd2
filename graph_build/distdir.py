"""Replacing dist/ in one step, and leaving nothing behind whatever happens to a build.

A build writes into a staging directory next to dist/, `.<name>-XXXXXXXX`, and swaps it in
only when everything is written; the old dist/ is moved aside to `.<name>-old-XXXXXXXX` and
removed. Each of these directories is locked (flock) by the build that made it for as long as
the build runs, and the kernel drops the lock when the process dies however it dies. So a
build killed outright (SIGKILL, a power cut) leaves directories no process holds, and the next
build removes exactly those: never the directories of a build still running.

Before any of that, the target is checked: a dist/ that is not a directory, is a link, or is
not writable (itself, anything in it, or the directory around it) fails cleanly instead of
halfway through the swap. So does a directory that holds anything but a previous build: the
swap removes the old dist/ whole, and `--dist .` or `--dist sources` would have taken the
project or the curated records with it.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph_build.errors import BuildFailed, RecordError

STAGE = "writing dist"
BUILD_REPORT = "build-report.json"  # every build writes it (graph_build.writer): how a build is told from other files
# A fresh staging directory can be taken by another build's clean-up in the instant between
# its creation and its lock; a new one is made then, a few times at most.
LOCK_ATTEMPTS = 5


def refuse(dist: Path, message: str) -> BuildFailed:
    return BuildFailed([RecordError(str(dist), None, "", message)], STAGE)


def check_target(dist: Path) -> None:
    """Raises BuildFailed unless `dist` can be replaced by a new build."""
    if dist.is_symlink():
        raise refuse(dist, "is a symbolic link; give the directory itself with --dist")
    if dist.exists() and not dist.is_dir():
        raise refuse(dist, "exists and is not a directory; move it away or choose another --dist")
    if dist.is_dir() and not (dist / BUILD_REPORT).is_file() and any(dist.iterdir()):
        raise refuse(
            dist,
            f"is not a dgkg build (it holds files but no {BUILD_REPORT}), and a build replaces its --dist whole; "
            "give a new or empty directory",
        )
    parent = _existing_ancestor(dist.parent)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise refuse(dist, f"cannot create the new build in {parent} (not writable)")
    locked = _first_unwritable(dist) if dist.exists() else None
    if locked == dist:
        raise refuse(dist, "is read-only (or immutable), so the previous build cannot be replaced")
    if locked is not None:
        raise refuse(dist, f"holds {locked}, which is read-only (or immutable), so the previous build cannot be replaced")


def _existing_ancestor(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _first_unwritable(dist: Path) -> Path | None:
    """The first file or directory in `dist` (itself included) that could not be removed."""
    for folder, dirs, files in os.walk(dist):
        for path in [Path(folder), *(Path(folder, name) for name in dirs + files)]:
            if not path.is_symlink() and not os.access(path, os.W_OK):
                return path
    return None


def _lock(directory: Path, wait: bool = False) -> int | None:
    """A descriptor holding an exclusive lock on `directory`; None if another build holds it
    (when not waiting) or the directory was removed before the lock was taken."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    if os.fstat(fd).st_nlink == 0:
        os.close(fd)
        return None
    return fd


def _leftover_names(dist: Path) -> re.Pattern[str]:
    # tempfile.mkdtemp's names: the prefix, then 8 characters from [a-z0-9_].
    return re.compile(rf"\.{re.escape(dist.name)}-(?:old-)?[a-z0-9_]{{8}}")


def remove_leftovers(dist: Path) -> None:
    """Removes the staging and retired directories of builds that are no longer running."""
    names = _leftover_names(dist)
    for entry in sorted(dist.parent.iterdir()):
        if not names.fullmatch(entry.name) or entry.is_symlink() or not entry.is_dir():
            continue
        fd = _lock(entry)
        if fd is None:
            continue
        try:
            shutil.rmtree(entry)
        finally:
            os.close(fd)


@contextmanager
def staging_for(dist: Path) -> Iterator[Path]:
    """A new, locked staging directory next to `dist`, removed if the block fails."""
    path, fd = _new_locked(dist, prefix=f".{dist.name}-")
    try:
        yield path
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    finally:
        os.close(fd)


def _new_locked(dist: Path, prefix: str) -> tuple[Path, int]:
    for _ in range(LOCK_ATTEMPTS):
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=dist.parent))
        fd = _lock(path)
        if fd is not None:
            return path, fd
    raise OSError(f"could not make a staging directory in {dist.parent} that stays ours")


def _unused_name(dist: Path, prefix: str) -> Path:
    reserved = Path(tempfile.mkdtemp(prefix=prefix, dir=dist.parent))
    reserved.rmdir()  # only the unique name is wanted: the old dist/ is renamed to it
    return reserved


def swap_in(staging: Path, dist: Path) -> None:
    """Puts `staging` in the place of `dist` and removes the old dist/."""
    # The old dist/ is locked before it is moved aside, so no other build's clean-up takes it
    # while it may still have to be put back. A build that has just swapped it in holds the
    # lock until it returns: wait for it.
    fd = _lock(dist, wait=True) if dist.exists() else None
    if fd is None:
        staging.rename(dist)
        return
    try:
        retired = _unused_name(dist, prefix=f".{dist.name}-old-")
        dist.rename(retired)
        try:
            staging.rename(dist)
        except BaseException:
            retired.rename(dist)
            raise
        # check_target made sure all of it can be removed; if it still cannot, it is left
        # unlocked, and the next build removes it or says why it cannot.
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        os.close(fd)
