"""Raw HTTP to a server on loopback, from a chosen source address (127.0.0.2 is another client)."""
from __future__ import annotations

import http.client
from urllib.parse import urlsplit

Response = tuple[int, dict[str, str], bytes]


def request(url: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
            client: str = "127.0.0.1", timeout: float = 60) -> Response:
    """Status, headers (lower-case names) and body of one request to the server at ``url``."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(client, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()
