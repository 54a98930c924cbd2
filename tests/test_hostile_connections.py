"""Hostile connections against `dgkg serve`'s real server on loopback, over raw sockets: a
slowloris from one address, a crowd of connections, an idle keep-alive, a trickled body.

Each test serves with small limits of its own and waits for outcomes with generous bounds (a
loaded two-core machine must not make them flaky); the bounds stay below every other timeout,
so the connection can only have been cut by the limit under test. Attackers use 127.0.0.1,
other clients 127.0.0.2 (Linux routes the whole 127.0.0.0/8 to loopback)."""

from __future__ import annotations

import http.client
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import queries_sample

from web import RunningEndpoint, Settings, make_endpoint, start
from web.connections import ConnectionLimits, client_key

pytestmark = pytest.mark.server
sample_dist = queries_sample.sample_dist  # fixtures: pytest finds them by name in the module
sample_library = queries_sample.sample_library

ATTACKER, OTHER = "127.0.0.1", "127.0.0.2"
SLACK = 20.0  # seconds beyond a deadline before a test gives up: maintenance ticks once a second
ASK = "/sparql?query=ASK%7B%7D"
# never ends its headers: no blank line, and the trickle stops long before the header size limit
HEADERS_NEVER_DONE = b"GET " + ASK.encode() + b" HTTP/1.1\r\nHost: dgkg\r\nX-Slow: " + b"a" * 400
POST_HEAD = b"POST /sparql HTTP/1.1\r\nHost: dgkg\r\nContent-Type: application/sparql-query\r\nContent-Length: 400\r\n\r\n"
GET_ASK = b"GET " + ASK.encode() + b" HTTP/1.1\r\nHost: dgkg\r\n\r\n"

Serve = Callable[[ConnectionLimits], RunningEndpoint]


@pytest.fixture
def serve(sample_dist: Path, sample_library: Path) -> Iterator[Serve]:
    """Start the endpoint with the given connection limits; stopped after the test."""
    running: list[RunningEndpoint] = []

    def serving(limits: ConnectionLimits) -> RunningEndpoint:
        endpoint = make_endpoint(sample_dist / "store", Settings(workers=1), library_dir=sample_library)
        running.append(start(endpoint, limits=limits))
        return running[-1]

    yield serving
    for each in running:
        each.stop()


@contextmanager
def sockets() -> Iterator[list[socket.socket]]:
    """A list to put client sockets in; all closed at the end, whatever happened."""
    opened: list[socket.socket] = []
    try:
        yield opened
    finally:
        for sock in opened:
            sock.close()


def server_address(running: RunningEndpoint) -> tuple[str, int]:
    parts = urlsplit(running.url)
    assert parts.hostname and parts.port
    return parts.hostname, parts.port


def connect(running: RunningEndpoint, source: str, opened: list[socket.socket]) -> socket.socket:
    sock = socket.create_connection(server_address(running), timeout=10, source_address=(source, 0))
    opened.append(sock)
    return sock


def get(running: RunningEndpoint, source: str) -> int:
    """A normal client's GET ASK{} from a chosen address (10 s socket timeout): its status."""
    conn = http.client.HTTPConnection(*server_address(running), timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", ASK)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def read_until_closed(sock: socket.socket, within: float) -> tuple[bytes, bool]:
    """What the server sends until it closes the connection; and whether it did within the time."""
    received = b""
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            chunk = sock.recv(4096)
        except (ConnectionResetError, BrokenPipeError):
            return received, True
        except TimeoutError:
            break
        if not chunk:
            return received, True
        received += chunk
    return received, False


def held_by(running: RunningEndpoint, address: str) -> int:
    """How many connections the server holds from the address (its channels, as it counts them)."""
    return sum(1 for channel in list(running.server.active_channels.values()) if channel.client == address)


def wait_for(condition: Callable[[], bool], within: float) -> bool:
    deadline = time.monotonic() + within
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


class Trickle:
    """Sends a payload one byte per round to every socket, noting each one the server closes."""

    def __init__(self, socks: list[socket.socket], payload: bytes) -> None:
        self.open = list(socks)
        self.payload = payload
        self.received: dict[socket.socket, bytes] = {sock: b"" for sock in socks}
        self.rounds = 0
        for sock in socks:
            sock.setblocking(False)

    def run(self, interval: float, within: float, stop: Callable[[], bool] = lambda: False) -> None:
        """Rounds every `interval` seconds until the server closed every socket (or `stop`),
        for at most `within` seconds and never beyond the payload."""
        deadline = time.monotonic() + within
        while self.open and not stop() and self.rounds < len(self.payload) and time.monotonic() < deadline:
            self.round()
            time.sleep(interval)

    def round(self) -> None:
        byte = self.payload[self.rounds : self.rounds + 1]
        self.rounds += 1
        for sock in list(self.open):
            try:
                sock.send(byte)
            except BlockingIOError:
                continue
            except OSError:
                self.open.remove(sock)
        readable, _, _ = select.select(self.open, [], [], 0)
        for sock in readable:
            self.collect(sock)

    def collect(self, sock: socket.socket) -> None:
        try:
            chunk = sock.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if chunk:
            self.received[sock] += chunk
        else:
            self.open.remove(sock)


def test_slowloris_from_one_address_leaves_the_server_reachable(serve: Serve) -> None:
    """120 connections trickling headers from one address: more than the global limit, so before
    the per-address cap they locked everybody out. The server holds only its cap of them, serves
    another client meanwhile, and cuts every one by the header timeout though none is ever idle."""
    limits = ConnectionLimits(per_address=8, total=64, header_timeout=6, body_timeout=6, idle_timeout=60)
    running = serve(limits)
    with sockets() as opened:
        attack = Trickle([connect(running, ATTACKER, opened) for _ in range(120)], HEADERS_NEVER_DONE)
        most_held = 0

        def watch() -> bool:  # a trickle round's stop check: samples the server, stops only when told
            nonlocal most_held
            most_held = max(most_held, held_by(running, ATTACKER))
            return False

        trickler = threading.Thread(target=attack.run, args=(0.5, limits.header_timeout + SLACK, watch))
        trickler.start()
        try:
            assert wait_for(lambda: attack.rounds >= 2, SLACK), "the trickle did not start"
            held_when_asked = held_by(running, ATTACKER)
            status = get(running, OTHER)
        finally:
            trickler.join(limits.header_timeout + 2 * SLACK)
    assert status == 200, "another client is served during the slowloris"
    assert held_when_asked == limits.per_address, "the attack held its share while the other client asked"
    assert most_held == limits.per_address, "the server held the attacker's cap of connections, never more"
    assert not attack.open, f"{len(attack.open)} trickling connections still open after the header timeout"
    assert not any(b"200 OK" in got for got in attack.received.values()), "no trickled request was answered"


def test_a_connection_beyond_the_cap_gets_429_and_other_addresses_are_served(serve: Serve) -> None:
    limits = ConnectionLimits(per_address=4, total=64, header_timeout=60, body_timeout=60, idle_timeout=60)
    running = serve(limits)
    with sockets() as opened:
        held = [connect(running, ATTACKER, opened) for _ in range(limits.per_address)]
        assert wait_for(lambda: held_by(running, ATTACKER) == limits.per_address, SLACK)
        extra = connect(running, ATTACKER, opened)
        refusal, closed = read_until_closed(extra, SLACK)
        assert closed and refusal.startswith(b"HTTP/1.1 429 Too Many Requests\r\n")
        assert b"Connection: close\r\n" in refusal and b"too many connections" in refusal
        assert get(running, OTHER) == 200, "the cap is per address"
        held[0].close()  # the cap counts open connections: closing one lets the address in again
        assert wait_for(lambda: held_by(running, ATTACKER) < limits.per_address, SLACK)
        assert get(running, ATTACKER) == 200


def test_an_idle_keep_alive_connection_is_closed(serve: Serve) -> None:
    limits = ConnectionLimits(header_timeout=60, body_timeout=60, idle_timeout=2)
    running = serve(limits)
    with sockets() as opened:
        sock = connect(running, ATTACKER, opened)
        sock.sendall(GET_ASK)
        response = http.client.HTTPResponse(sock)
        response.begin()
        response.read()
        assert response.status == 200 and not response.will_close, "the connection is kept alive"
        rest, closed = read_until_closed(sock, limits.idle_timeout + SLACK)
    assert closed and rest == b"", "closed by the server once idle, without a word"


def test_a_trickled_post_body_is_cut(serve: Serve) -> None:
    """Headers at once, then the body a byte every half second: never idle, cut by the body timeout."""
    limits = ConnectionLimits(header_timeout=2, body_timeout=4, idle_timeout=60)
    running = serve(limits)
    with sockets() as opened:
        sock = connect(running, ATTACKER, opened)
        sock.sendall(POST_HEAD)
        trickle = Trickle([sock], b"ASK {}" + b" " * 394)
        trickle.run(0.5, limits.body_timeout + SLACK)
    assert not trickle.open, "the trickled body was cut"
    assert trickle.received[sock] == b"", "and no answer was sent"


def test_a_kept_alive_connection_trickling_its_next_request_is_cut(serve: Serve) -> None:
    """After a served request the header clock starts at the next request's first byte."""
    limits = ConnectionLimits(header_timeout=2, body_timeout=4, idle_timeout=60)
    running = serve(limits)
    with sockets() as opened:
        sock = connect(running, ATTACKER, opened)
        sock.sendall(GET_ASK)
        response = http.client.HTTPResponse(sock)
        response.begin()
        response.read()
        assert response.status == 200
        trickle = Trickle([sock], HEADERS_NEVER_DONE)
        trickle.run(0.5, limits.header_timeout + SLACK)
    assert not trickle.open and trickle.received[sock] == b""


@pytest.mark.parametrize(
    "addr, key",
    [
        (("203.0.113.7", 1234), "203.0.113.7"),
        (("2001:db8:1:2:aaaa::1", 1234, 0, 0), "2001:db8:1:2::/64"),
        (("2001:db8:1:2:bbbb::9", 1234, 0, 0), "2001:db8:1:2::/64"),
        (("2001:db8:1:3::1", 1234, 0, 0), "2001:db8:1:3::/64"),
    ],
)
def test_an_ipv6_host_counts_as_its_slash_64(addr: tuple, key: str) -> None:
    assert client_key(addr) == key


@pytest.mark.parametrize(
    "fields",
    [
        {"per_address": 0},
        {"per_address": 512, "total": 512},
        {"header_timeout": 0},
        {"header_timeout": 40, "body_timeout": 30},
        {"idle_timeout": 0},
    ],
)
def test_inconsistent_limits_are_refused(fields: dict) -> None:
    with pytest.raises(ValueError):
        ConnectionLimits(**fields)
