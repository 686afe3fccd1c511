"""A tiny scripted HTTP server on 127.0.0.1 for fetcher tests: each path answers what the
test says, and every request is logged with its time and headers."""

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b"<html><body><p>ok</p></body></html>"
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})


@dataclass(frozen=True)
class Seen:
    path: str
    at: float  # time.monotonic()
    headers: dict[str, str]


Route = Callable[[int, dict[str, str]], Reply]  # (how many times this path was asked, headers)


@dataclass
class Loopback:
    url: str
    routes: dict[str, Route]
    log: list[Seen]

    def paths(self) -> list[str]:
        return [s.path for s in self.log]


def gzip_bomb(decompressed_bytes: int) -> bytes:
    return gzip.compress(b" " * decompressed_bytes, compresslevel=9)


@contextmanager
def serving(routes: dict[str, Route]) -> Iterator[Loopback]:
    log: list[Seen] = []
    counts: dict[str, int] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            with lock:
                log.append(Seen(self.path, time.monotonic(), headers))
                counts[self.path] = counts.get(self.path, 0) + 1
                count = counts[self.path]
            route = routes.get(self.path)
            reply = route(count, headers) if route else Reply(404, b"not here")
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if "Content-Length" not in reply.headers:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Loopback(f"http://127.0.0.1:{server.server_port}/", routes, log)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
