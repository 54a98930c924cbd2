"""Connection-level defences around waitress: slow or idle clients cannot hold the server.

What waitress already limits, and the gaps this module fills:

- ``connection_limit`` (default 100) counts every open connection; once reached, waitress stops
  accepting altogether. One address opening 110 connections that never finish a request (a
  *slowloris*) thus locked everybody out. Here a connection beyond :attr:`ConnectionLimits.per_address`
  from one client is answered 429 and closed at accept time, before it counts, and the global
  limit stays as a backstop far above the per-address cap.
- ``channel_timeout`` (default 120 s) closes a connection only after that long *without any
  activity*: a client trickling one byte a second is never idle, so it is never cut. Here every
  request must arrive whole in bounded time: its line and headers within ``header_timeout``, the
  whole of it (body included) within ``body_timeout``, however fast the bytes trickle.
- ``max_request_header_size`` and ``max_request_body_size`` bound bytes, not time.
- ``channel_timeout`` itself is the idle keep-alive timeout; it is shortened to ``idle_timeout``.

How: through waitress's stable extension points rather than a copy of its loop. A
:class:`GuardedServer` (a ``TcpWSGIServer``, constructed directly as webtest does) refuses crowded
addresses in ``accept()``, whose ``None`` waitress's ``handle_accept`` already treats as "nothing
to accept"; it runs every ``cleanup_interval`` (set to 1 s) a ``maintenance()`` that marks channels
past their read deadline ``will_close``, exactly as waitress's own idle cut does. The deadlines
need only two timestamps waitress lacks: when a request's first byte arrived (a parser subclass,
``HTTPChannel.parser_class``) and whether the connection has been served before (``service()``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import time
from dataclasses import dataclass
from typing import Any

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer

log = logging.getLogger("dgkg.serve")

_REFUSAL_TEXT = b"too many connections from your address\n"
_REFUSAL = (
    b"HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 1\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s" % (len(_REFUSAL_TEXT), _REFUSAL_TEXT)
)


@dataclass(frozen=True)
class ConnectionLimits:
    """How long and how many connections a client may hold; the defaults suit a public endpoint
    that answers small requests, with the per-address cap far below the global limit."""

    per_address: int = 16
    """Connections open at once from one client address (IPv6: one /64, what one host gets).
    Browsers open at most 6 per server; raise it for clients behind a shared NAT or proxy."""
    total: int = 512
    """Connections open at once in all (waitress's ``connection_limit``): at this many the server
    stops accepting until one closes. Keep it below the process's open-file limit."""
    header_timeout: float = 10.0
    """Seconds to send a request's line and headers, counted from the connection's accept for
    its first request and from the request's first byte after that (keep-alive)."""
    body_timeout: float = 30.0
    """Seconds to send a whole request, body included, from the same start (a 200 kB query
    at 7 kB/s)."""
    idle_timeout: int = 15
    """Whole seconds a connection may stay silent between requests, or stall while its answer is
    sent (waitress's ``channel_timeout``, which counts whole seconds)."""

    def __post_init__(self) -> None:
        if not 1 <= self.per_address < self.total:
            raise ValueError(f"need 1 <= per_address < total, got {self.per_address} and {self.total}")
        if not 0 < self.header_timeout <= self.body_timeout:
            raise ValueError(f"need 0 < header_timeout <= body_timeout, got {self.header_timeout} and {self.body_timeout}")
        if self.idle_timeout < 1:
            raise ValueError(f"idle_timeout is whole seconds, at least 1, got {self.idle_timeout}")


DEFAULT_LIMITS = ConnectionLimits()


def client_key(addr: tuple[Any, ...]) -> str:
    """Whom a connection counts against: its IPv4 address, or its IPv6 /64 (one host's share)."""
    host = str(addr[0])
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6:
        return str(ipaddress.ip_network((address, 64), strict=False))
    return host


class TimedParser(HTTPRequestParser):
    """Waitress's request parser, remembering when the request's first byte arrived."""

    def __init__(self, adj: Any) -> None:
        super().__init__(adj)
        self.started = time.time()  # waitress's clock (creation_time, maintenance's now)


class GuardedChannel(HTTPChannel):
    """Waitress's connection, with what its read deadline needs."""

    parser_class = TimedParser
    served = False  # until its first request is served, the connection's clock runs from accept

    def __init__(
        self, server: Any, sock: socket.socket, addr: tuple[Any, ...], adj: Any, map: dict | None = None
    ) -> None:  # waitress's parameter name
        self.client = client_key(addr)  # computed once: every accept counts the open channels
        super().__init__(server, sock, addr, adj, map)

    def service(self) -> None:
        self.served = True  # before the request leaves self.requests: never seen idle and unserved
        super().service()


def read_deadline(channel: GuardedChannel, limits: ConnectionLimits) -> float | None:
    """When the request this connection is receiving must have arrived in full, or None when it
    is receiving none: being served (queries have their own time limit), closing, or idle between
    requests (waitress's channel_timeout)."""
    if channel.requests or channel.will_close or channel.close_when_flushed:
        return None
    request = channel.request
    if channel.served:
        if request is None:
            return None
        start = request.started
    else:
        start = channel.creation_time
    headers_done = request is not None and request.headers_finished
    return start + (limits.body_timeout if headers_done else limits.header_timeout)


def refuse(conn: socket.socket) -> None:
    """Answer 429 and close without reading: one small send on a fresh socket, never waited on."""
    with contextlib.suppress(OSError):  # the client may be gone already
        conn.setblocking(False)
        conn.send(_REFUSAL)
    conn.close()


class GuardedServer(TcpWSGIServer):
    """Waitress's TCP server with a per-address cap at accept and read deadlines on every channel.

    ``GuardedServer(app, limits, host=..., port=..., threads=...)``: the keywords are waitress's
    adjustments, except the three that ``limits`` sets.
    """

    channel_class = GuardedChannel

    def __init__(self, application: Any, limits: ConnectionLimits, **adjustments: Any) -> None:
        self.limits = limits
        super().__init__(
            application, connection_limit=limits.total, channel_timeout=limits.idle_timeout, cleanup_interval=1, **adjustments
        )

    def accept(self) -> tuple[socket.socket, Any] | None:
        accepted = super().accept()
        if accepted is not None and self.crowded(client_key(accepted[1])):
            log.debug("refused a connection from %s: %d open already", accepted[1][0], self.limits.per_address)
            refuse(accepted[0])
            return None  # waitress's handle_accept: nothing accepted
        return accepted

    def crowded(self, client: str) -> bool:
        """Whether the client holds its share of connections already (counted afresh: no tally to drift)."""
        held = sum(1 for channel in self.active_channels.values() if channel.client == client)
        return held >= self.limits.per_address

    def maintenance(self, now: float) -> None:
        super().maintenance(now)  # waitress's idle cut: channel_timeout
        for channel in self.active_channels.values():
            deadline = read_deadline(channel, self.limits)
            if deadline is not None and now > deadline:
                log.info("closed a connection from %s: its request did not arrive in time", channel.addr[0])
                channel.will_close = True  # as waitress's own maintenance: closed by the loop next
