"""Serve a built site on loopback, with the same headers a real host sends.

`python -m sitegen.serve site --port 8000`. The standard library's server is
enough for a static site while developing; every header and file type comes
from `sitegen.headers`, as in the deploy configurations (`make serve-prod`
serves the same site through nginx with those). The Content-Security-Policy
matters as a header too: a worker script gets its policy only from its own
response, and `frame-ancestors` works only there. A missing file gets the
site's own 404 page with status 404.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import sys
import threading
from pathlib import Path

from sitegen import headers


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class declares it this way
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **headers.MIME_TYPES,
    }

    def end_headers(self) -> None:
        for name, value in headers.headers_for(self.path, self.server.site_headers):  # type: ignore[attr-defined]
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or self.command != "GET" or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.path = "/404.html"  # its headers are the 404 page's
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:  # type: ignore[attr-defined]
            super().log_message(format, *args)


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    verbose = True
    site_headers = headers.SiteHeaders()

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
    server.site_headers = headers.SiteHeaders.load(directory)
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
