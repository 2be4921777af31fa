"""Which response headers each file of a built site gets: decided here, once.

Three things read this module and nothing else decides a header:

- the pages: the CSP meta tag of every page (`meta_csp`, through the mkdocs
  hook for the theme's pages and `CSP` for the checker's pages without
  JavaScript);
- the development server (`sitegen.serve`), per request (`headers_for`);
- the deploy configurations (`sitegen.deploy`: nginx, Apache, Caddy and a
  `_headers` file), generated from `ROUTES`.

A route is a regular expression over the URL path (first match wins) with a
page kind, which decides the Content-Security-Policy, and a caching rule:

- `page`: `'self'` only, `frame-ancestors 'none'`;
- `checker`: the same plus `'wasm-unsafe-eval'` (Pyodide compiles
  WebAssembly): the checker page and its scripts, whose Web Worker gets its
  policy from its own response header, not from the page;
- `embed`: the checker page without the site around it (`/sjekk/embed/`),
  which the municipality's listed origins may frame (`frame-ancestors`).

A meta tag cannot carry `frame-ancestors` (browsers ignore it there), so the
meta policy is the header policy without it; a site served without our
headers cannot be framed safely, which is why the deploy configurations exist.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE, CHECKER, EMBED = "page", "checker", "embed"
KINDS = (PAGE, CHECKER, EMBED)
IMMUTABLE, REVALIDATE = "immutable", "revalidate"

# Directive by directive; the order is the order they are written in.
_BASE_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'self'"),
)

CACHE_CONTROL = {
    # Names that carry a hash of their content never change: a year, immutable.
    IMMUTABLE: "public, max-age=31536000, immutable",
    # Everything else (pages, the service worker, unhashed scripts, Pyodide's
    # runtime) is checked with the server on every use (ETag / 304).
    REVALIDATE: "no-cache",
}

# Sent with every response, whatever its kind.
COMMON_HEADERS: tuple[tuple[str, str], ...] = (
    ("Strict-Transport-Security", "max-age=31536000"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)

# File types, the same for every server (nginx's and Apache's own lists lack
# .mjs or .wasm in some versions).
MIME_TYPES: dict[str, str] = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".ics": "text/calendar",
    ".webmanifest": "application/manifest+json",
}

# Languages live at the root or under a two-letter folder (/nn/, /en/).
_LANG = r"(?:/[a-z]{2})?"


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str   # a regular expression over the URL path, without the final `$`
    kind: str      # PAGE, CHECKER or EMBED: decides the CSP
    cache: str     # IMMUTABLE or REVALIDATE
    end: bool = True  # anchored at the end of the path

    def regex(self, suffix: str = "") -> str:
        return self.pattern + (suffix + "$" if self.end else "")


ROUTES: tuple[Route, ...] = (
    Route("embed", rf"^{_LANG}/sjekk/embed/(?:index\.html)?", EMBED, REVALIDATE),
    Route("checker", rf"^{_LANG}/sjekk/(?:index\.html)?", CHECKER, REVALIDATE),
    # The checker's scripts, among them its Web Worker, which compiles Pyodide.
    Route("checker-scripts", rf"^{_LANG}/assets/koordinert/checker-[^/]*\.m?js", CHECKER,
          REVALIDATE),
    # Material's bundles (bundle.a5f9d56c.min.js) and the checker wheel
    # (koordinert_checker-1.0.0+855156a929b5-py313-none-any.whl, bytecode for
    # Pyodide's Python; py3-none-any with the sources).
    Route("hashed", r"^/.*(?:\.[0-9a-f]{8,}\.min\.(?:js|css)|\+[0-9a-f]{8,}-py3\d*-none-any\.whl)",
          PAGE, IMMUTABLE),
    Route("service-worker", r"^/sw\.js", PAGE, REVALIDATE),
    Route("default", r"^/", PAGE, REVALIDATE, end=False),
)

# Where a built site records what its headers depend on (written by the build).
SITE_FILE = ".koordinert-headers.json"


@dataclass(frozen=True)
class SiteHeaders:
    """What a site's headers depend on beyond its routes: who may frame the embed pages."""

    embed_origins: tuple[str, ...] = ()
    public_url: str | None = None

    @classmethod
    def load(cls, site: Path) -> SiteHeaders:
        path = site / SITE_FILE
        if not path.is_file():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(data.get("embed_origins", ())), data.get("public_url"))

    def write(self, site: Path) -> None:
        data = {"embed_origins": list(self.embed_origins), "public_url": self.public_url}
        (site / SITE_FILE).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def csp(kind: str, embed_origins: Sequence[str] = (), *, meta: bool = False) -> str:
    """The Content-Security-Policy of a page kind; `meta` leaves out what a meta tag cannot say."""
    if kind not in KINDS:
        raise ValueError(f"unknown page kind {kind!r}")
    parts = []
    for name, value in _BASE_DIRECTIVES:
        if name == "script-src" and kind in (CHECKER, EMBED):
            value += " 'wasm-unsafe-eval'"
        parts.append(f"{name} {value}")
    if not meta:
        ancestors = " ".join(embed_origins) if kind == EMBED and embed_origins else "'none'"
        parts.append(f"frame-ancestors {ancestors}")
    return "; ".join(parts)


def meta_csp(kind: str) -> str:
    return csp(kind, meta=True)


# The policies of the pages' meta tags.
CSP = meta_csp(PAGE)
CSP_CHECKER = meta_csp(CHECKER)
CSP_EMBED = meta_csp(EMBED)

_COMPILED = [(route, re.compile(route.regex())) for route in ROUTES]


def route_for(path: str) -> Route:
    """The route of a URL path ("/en/sjekk/", "/assets/…"); the query is ignored."""
    path = path.split("?", 1)[0].split("#", 1)[0] or "/"
    for route, regex in _COMPILED:
        if regex.search(path):
            return route
    raise AssertionError("the default route matches every path")


def kind_for(path: str) -> str:
    return route_for(path).kind


def headers_for(path: str, site: SiteHeaders | None = None) -> list[tuple[str, str]]:
    """Every header this module decides for a response to `path` (not Content-Type)."""
    route = route_for(path)
    origins = site.embed_origins if site else ()
    out = [("Content-Security-Policy", csp(route.kind, origins))]
    if route.kind != EMBED:
        out.append(("X-Frame-Options", "DENY"))  # for browsers older than frame-ancestors
    out.extend(COMMON_HEADERS)
    out.append(("Cache-Control", CACHE_CONTROL[route.cache]))
    return out


def mime_type(path: str) -> str | None:
    suffix = Path(path.split("?", 1)[0]).suffix.lower()
    return MIME_TYPES.get(suffix)
