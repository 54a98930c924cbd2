"""Confinement of a query worker: no network, bounded memory, a deep stack.

Why a network namespace of its own: Oxigraph follows ``SERVICE <url>`` with its own HTTP
client, and pyoxigraph has no switch to turn that client off. The policy check
(:mod:`web.policy`) refuses SERVICE on the parsed query, but a parser that reads
a query differently from the engine would let one through. A process in a fresh network
namespace sees one loopback interface, down, and nothing else: whatever a query says, the
worker cannot reach another host, nor a service of this one. As root the namespace is made
directly; as a normal user inside a user namespace of its own (where the kernel allows it),
with the user's own uid and gid mapped so the store's files stay readable.

Why an address-space limit: a query can grow without bound (ORDER BY over a cartesian
product grew a worker by ~1.3 GB/s). With RLIMIT_AS the allocation that crosses the limit
fails and the worker aborts; the pool sees it die and starts another.

Why a deep stack: both parsers recurse per nesting level; queries run in a thread whose stack
holds the deepest query the endpoint admits (web.app.MAX_NESTING) with room to spare.
"""

from __future__ import annotations

import ctypes
import os
import resource
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
STACK_BYTES = 64 * 1024 * 1024  # both parsers need ~16 MB at MAX_NESTING; four times that
M_ARENA_MAX = -8  # mallopt's parameter number (malloc.h)
MALLOC_ARENAS = 2
RECURSION_LIMIT = 60_000


@dataclass(frozen=True)
class Confinement:
    """What holds in a worker; ``network_problem`` says why it is not isolated, if it is not."""

    network_problem: str | None
    memory_limit_mb: int | None

    @property
    def network_isolated(self) -> bool:
        return self.network_problem is None


def confine(memory_limit_mb: int | None) -> Confinement:
    """Confine the calling process; call it first thing in a fresh, single-threaded worker."""
    problem = _leave_network()
    if memory_limit_mb:
        # RLIMIT_AS counts reserved address space, and glibc reserves 64 MB per malloc arena, one
        # per contending thread: with few arenas the limit measures the query, not the load.
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, MALLOC_ARENAS)
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return Confinement(problem, memory_limit_mb)


def _leave_network() -> str | None:
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNET if uid == 0 else CLONE_NEWUSER | CLONE_NEWNET
    if libc.unshare(flags) != 0:
        return f"unshare failed: {os.strerror(ctypes.get_errno())}"
    if uid != 0:
        _map_ids(uid, gid)
    interfaces = [name for _, name in socket.if_nameindex()]
    if interfaces != ["lo"]:  # the kernel said yes; check that it holds before relying on it
        return f"a new network namespace still shows interfaces {interfaces}"
    return None


def _map_ids(uid: int, gid: int) -> None:
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w", encoding="ascii") as file:
            file.write(text)


def run_with_deep_stack(target: Callable[[], None]) -> None:
    """Run ``target`` in a thread with a stack deep enough for the most nested admitted query."""
    sys.setrecursionlimit(RECURSION_LIMIT)
    threading.stack_size(STACK_BYTES)
    thread = threading.Thread(target=target, name="dgkg-query", daemon=True)
    thread.start()
    thread.join()
