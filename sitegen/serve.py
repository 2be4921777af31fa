"""Serve a built site on loopback, with the same security headers a real host should send.

`python -m sitegen.serve site --port 8000`. The standard library's server is
enough for a static site; this adds the Content-Security-Policy (the pages
also carry it as a meta tag, but a worker script only gets it from a header),
`application/wasm` for Pyodide and no caching surprises while developing.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import sys
import threading
from pathlib import Path

from sitegen.render import CSP, CSP_CHECKER


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class declares it this way
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".ics": "text/calendar",
        ".webmanifest": "application/manifest+json",
    }

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        checker = "/sjekk/" in path or "/pyodide/" in path or "checker" in path
        self.send_header("Content-Security-Policy", CSP_CHECKER if checker else CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:  # type: ignore[attr-defined]
            super().log_message(format, *args)


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    verbose = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that closes a connection mid-file (a closed tab, a test
        # ending) is normal, not an error worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 0,
                verbose: bool = False) -> SiteServer:
    handler = functools.partial(Handler, directory=str(directory))
    server = SiteServer((host, port), handler)
    server.verbose = verbose
    return server


def serve_in_thread(directory: Path, host: str = "127.0.0.1") -> tuple[SiteServer, str]:
    """For tests and benchmarks: a server on a free port, and its base URL."""
    server = make_server(directory, host, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.serve")
    parser.add_argument("directory", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (args.directory / "index.html").is_file():
        print(f"error: {args.directory} holds no built site; run `make build` first",
              file=sys.stderr)
        return 1
    server = make_server(args.directory, args.host, args.port, verbose=True)
    print(f"Serving {args.directory} on http://{args.host}:{args.port}/ (Ctrl+C stops)",
          flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
