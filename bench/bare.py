"""The server the benchmarks serve a built site with: the site's own headers
(sitegen.serve), except for the bare `loadPyodide()` page they compare the
checker with, which compiles WebAssembly as the checker page does and so gets
the checker's policy (`'wasm-unsafe-eval'`)."""

from __future__ import annotations

import http.server

from sitegen import headers, serve

# bench-bare.html and bench-bare.js, written beside Pyodide for the run.
BARE_PATH = "/pyodide/bench-bare."


class Handler(serve.Handler):
    def end_headers(self) -> None:
        if not self.path.startswith(BARE_PATH):
            super().end_headers()
            return
        for name, value in headers.headers_for("/sjekk/", self.server.site_headers):  # type: ignore[attr-defined]
            self.send_header(name, value)
        http.server.SimpleHTTPRequestHandler.end_headers(self)
