"""The generated nginx configuration, run for real: Debian's nginx serves the
built variant (sitegen.deploy.start_nginx, as `make serve-prod` does), and plain
HTTP requests check headers, status, file types and encodings; one Chromium
pass checks that the checker works under the production CSP."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from playwright.sync_api import Browser, expect

from sitegen import headers
from sitegen.deploy import NginxServer
from tests.browser.support import WATCH_SCRIPT, assert_clean, foreign

Response = tuple[int, dict[str, str], bytes]


def get(server: NginxServer, path: str, encoding: str | None = None) -> Response:
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    conn.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
    response = conn.getresponse()
    body = response.read()
    found = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, found, body


def decoded(found: dict[str, str], body: bytes) -> bytes:
    encoding = found.get("content-encoding")
    if encoding == "br":
        return bytes(brotli.decompress(body))
    if encoding == "gzip":
        return gzip.decompress(body)
    assert encoding is None, encoding
    return body


@pytest.mark.parametrize(("path", "kind"), [
    ("/", headers.PAGE), ("/klage/", headers.PAGE), ("/sjekk/", headers.CHECKER),
    ("/nn/sjekk/", headers.CHECKER), ("/en/sjekk/", headers.CHECKER),
    ("/sjekk/embed/", headers.EMBED), ("/en/sjekk/embed/", headers.EMBED),
    ("/sjekk/uten-js/", headers.PAGE), ("/assets/koordinert/checker-worker.js", headers.CHECKER),
    ("/en/assets/koordinert/checker-worker.js", headers.CHECKER)])
def test_csp_per_page_kind(nginx: NginxServer, published: Path, path: str, kind: str) -> None:
    status, found, _ = get(nginx, path)
    assert status == 200
    origins = headers.SiteHeaders.load(published).embed_origins
    assert found["content-security-policy"] == headers.csp(kind, origins)
    policy = found["content-security-policy"]
    assert ("'wasm-unsafe-eval'" in policy) == (kind != headers.PAGE)
    if kind == headers.EMBED:
        assert policy.endswith("frame-ancestors " + " ".join(origins))
        assert "http://127.0.0.2:" in policy
        assert "x-frame-options" not in found
    else:
        assert policy.endswith("frame-ancestors 'none'")
        assert found["x-frame-options"] == "DENY"
    assert found["strict-transport-security"] == "max-age=31536000"
    assert found["referrer-policy"] == "no-referrer"
    assert found["x-content-type-options"] == "nosniff"


def test_file_types(nginx: NginxServer, published: Path) -> None:
    expected = {"/pyodide/pyodide.asm.wasm": "application/wasm",
                "/pyodide/pyodide.mjs": "text/javascript",
                "/pyodide/python_stdlib.zip": "application/zip",
                "/sjekk/": "text/html", "/assets/koordinert/favicon.svg": "image/svg+xml",
                "/search/search_index.json": "application/json", "/sitemap.xml": "application/xml"}
    wheel = next((published / "pyodide").glob("*.whl")).name
    expected[f"/pyodide/{wheel}"] = "application/zip"
    for path, mime in expected.items():
        status, found, _ = get(nginx, path, "br, gzip")
        assert status == 200, path
        assert found["content-type"].split(";")[0] == mime, path


def test_precompressed_copies_are_sent_to_who_accepts_them(
        nginx: NginxServer, published: Path) -> None:
    for path in ("/pyodide/pyodide.asm.wasm", "/pyodide/pyodide.asm.js", "/sjekk/"):
        file = published / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        original = file.read_bytes()
        sizes = {}
        for accept, expected in (("gzip, deflate, br", "br"), ("gzip", "gzip"),
                                 (None, None), ("identity", None)):
            status, found, body = get(nginx, path, accept)
            assert status == 200
            assert found.get("content-encoding") == expected, (path, accept)
            assert "Accept-Encoding" in found.get("vary", ""), (path, accept)
            assert decoded(found, body) == original, (path, accept)
            sizes[expected] = len(body)
        # The Brotli copy is the smallest: what a phone downloads.
        assert sizes["br"] < sizes["gzip"] < sizes[None]
    status, found, body = get(nginx, "/pyodide/pyodide.asm.wasm", "br")
    assert len(body) < 0.3 * (published / "pyodide" / "pyodide.asm.wasm").stat().st_size


def test_caching(nginx: NginxServer, published: Path) -> None:
    hashed = [f"/{p.relative_to(published).as_posix()}" for p in published.rglob("*")
              if p.suffix in (".js", ".css", ".whl") and headers.route_for(
                  "/" + p.relative_to(published).as_posix()).cache == headers.IMMUTABLE]
    assert any(h.startswith("/assets/javascripts/bundle.") for h in hashed)
    assert any(h.endswith(".whl") for h in hashed)
    for path in hashed[:6]:
        assert get(nginx, path)[1]["cache-control"] == "public, max-age=31536000, immutable"
    for path in ("/", "/sjekk/", "/sw.js", "/assets/koordinert/checker-bundle.js",
                 "/pyodide/pyodide.asm.wasm"):
        status, found, _ = get(nginx, path)
        assert status == 200, path
        assert found["cache-control"] == "no-cache", path
        assert "etag" in found or "last-modified" in found, path


def test_missing_pages_get_the_404_page_with_status_404(
        nginx: NginxServer, published: Path) -> None:
    for path in ("/finnes-ikke/", "/sjekk/uten-js/nope/", "/.koordinert-headers.json",
                 "/.koordinert-site"):
        status, found, body = get(nginx, path)
        assert status == 404, path
        assert decoded(found, body) == (published / "404.html").read_bytes(), path
        assert found["content-security-policy"] == headers.csp(headers.PAGE)
    status, found, _ = get(nginx, "/sjekk")
    assert status == 301
    assert found["location"] == "/sjekk/"


@pytest.mark.browser
def test_the_checker_works_under_the_production_headers(
        nginx: NginxServer, browser: Browser) -> None:
    context = browser.new_context()
    context.add_init_script(WATCH_SCRIPT)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(nginx.url + "/en/sjekk/")
    page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=90_000)
    form = page.locator("[data-k-question=for_whom]")
    form.locator("input[data-k-token='self']").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-k-question=services_needed]")).to_be_visible()
    assert_clean(page)
    context.close()
    assert any(u.endswith("pyodide.asm.wasm") for u in requests)
    assert foreign(nginx.url, requests) == []
