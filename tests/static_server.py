"""Serves a built site on localhost like a static host, for the browser tests and `make audit`.

With `compress=True` text files go out gzip-compressed with caching headers, as GitHub Pages
or a CDN would send them, so Lighthouse measures what readers get.
"""

from __future__ import annotations

import gzip
import io
import re
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
# material's assets carry a content hash in their names: cache them long, the pages briefly
HASHED_NAME = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)$")
HASHED_ASSET_MAX_AGE = 31536000
PAGE_MAX_AGE = 600


class StaticHandler(SimpleHTTPRequestHandler):
    compress = False

    def log_message(self, format, *args):  # keep the test output clean
        pass

    def send_head(self):
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the standard handler redirects to the slash URL
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if not path.is_file() or not content_type.startswith(TEXT_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)  # the base class copies it to the socket

    def end_headers(self):
        if self.compress:
            hashed = HASHED_NAME.search(self.path.split("?")[0])
            self.send_header("Cache-Control", f"public, max-age={HASHED_ASSET_MAX_AGE if hashed else PAGE_MAX_AGE}")
        super().end_headers()


@contextmanager
def serve(directory: Path, compress: bool = False) -> Iterator[str]:
    """Serve `directory` on a free localhost port in a background thread; yields the base URL."""
    handler = type("Handler", (StaticHandler,), {"compress": compress})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
