"""The server the benchmarks serve a built site with: the site's own headers
(sitegen.serve), except for the bare `loadPyodide()` page they compare the
checker with, which compiles WebAssembly as the checker page does and so gets
the checker's policy (`'wasm-unsafe-eval'`)."""

from __future__ import annotations

import http.server
import shutil
from pathlib import Path

from sitegen import headers, serve

# bench-bare.html, bench-bare.js and bench-bare.zip (Pyodide's own, whole
# standard library: the site ships a trimmed one, and the bare page stands
# for Pyodide as distributed), written beside Pyodide for the run.
BARE_PATH = "/pyodide/bench-bare."
BARE_FILES = ("bench-bare.html", "bench-bare.js", "bench-bare.zip")


def write_bare_page(site: Path, html: str, js: str) -> None:
    from sitegen.pyodide_assets import NPM_PYODIDE, STDLIB

    (site / "pyodide" / "bench-bare.html").write_text(html, encoding="utf-8")
    (site / "pyodide" / "bench-bare.js").write_text(js, encoding="utf-8")
    shutil.copyfile(NPM_PYODIDE / STDLIB, site / "pyodide" / "bench-bare.zip")


def remove_bare_page(site: Path) -> None:
    for name in BARE_FILES:
        (site / "pyodide" / name).unlink(missing_ok=True)


class Handler(serve.Handler):
    def end_headers(self) -> None:
        if not self.path.startswith(BARE_PATH):
            super().end_headers()
            return
        for name, value in headers.headers_for("/sjekk/", self.server.site_headers):  # type: ignore[attr-defined]
            self.send_header(name, value)
        http.server.SimpleHTTPRequestHandler.end_headers(self)
