"""One place decides headers (sitegen/headers.py): the pages' CSP meta tags, the
development server (sitegen.serve) and every generated deploy configuration
agree with it, page by page."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import headers
from sitegen.deploy import apache_htaccess, caddyfile, headers_file, nginx_conf
from tests.quality.conftest import html_files, url_path

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


def meta(file: Path) -> str | None:
    match = CSP_META.search(file.read_text(encoding="utf-8"))
    return match.group(1).replace("&#39;", "'") if match else None


def test_routes_decide_the_page_kinds() -> None:
    kinds = {"/": "page", "/klage/": "page", "/sjekk/": "checker", "/en/sjekk/": "checker",
             "/nn/sjekk/index.html": "checker", "/sjekk/embed/": "embed",
             "/en/sjekk/embed/": "embed", "/sjekk/uten-js/self/": "page",
             "/sjekk/kommuner.json": "page", "/assets/koordinert/checker-worker.js": "checker",
             "/nn/assets/koordinert/checker-bundle.js": "checker", "/sw.js": "page",
             "/pyodide/pyodide.asm.wasm": "page", "/404.html": "page"}
    assert {path: headers.kind_for(path) for path in kinds} == kinds
    assert headers.route_for("/assets/javascripts/bundle.a5f9d56c.min.js").cache == "immutable"
    for tag in ("py3", "py313"):
        wheel = f"/pyodide/koordinert_checker-1.0.0+855156a929b5-{tag}-none-any.whl"
        assert headers.route_for(wheel).cache == "immutable"
    assert headers.route_for("/assets/koordinert/site.js").cache == "revalidate"
    assert headers.route_for("/sw.js").cache == "revalidate"
    assert "'wasm-unsafe-eval'" not in headers.csp("page")
    assert "frame-ancestors" not in headers.meta_csp("embed")
    assert headers.csp("embed", ["https://a.example"]).endswith(
        "frame-ancestors https://a.example")
    assert headers.csp("embed").endswith("frame-ancestors 'none'")  # nobody listed


def test_every_page_meta_agrees_with_the_headers(published: Path) -> None:
    files = html_files(published)
    assert len(files) > 1000
    kinds = {"page": 0, "checker": 0, "embed": 0}
    for file in files:
        path = url_path(published, file)
        kind = headers.kind_for(path)
        kinds[kind] += 1
        assert meta(file) == headers.meta_csp(kind), path
    assert kinds["checker"] == 3 and kinds["embed"] == 3


def test_the_dev_server_sends_what_headers_decides(
        published: Path, serve: Callable[[Path], str]) -> None:
    base = serve(published)
    site = headers.SiteHeaders.load(published)
    assert site.embed_origins
    for path in ("/", "/sjekk/", "/en/sjekk/embed/", "/sjekk/uten-js/",
                 "/assets/koordinert/checker-worker.js", "/sw.js", "/pyodide/pyodide.asm.wasm"):
        with urllib.request.urlopen(base + path) as response:
            sent = response.headers
            expected = headers.headers_for(path, site)
            for name, value in expected:
                assert sent[name] == value, (path, name)
            mime = headers.mime_type(path if not path.endswith("/") else "x.html")
            assert sent["Content-Type"].split(";")[0] == mime, path
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(base + "/finnes-ikke/")
    assert missing.value.code == 404
    assert missing.value.read() == (published / "404.html").read_bytes()


def test_every_deploy_config_carries_the_policies_of_headers(published: Path) -> None:
    site = headers.SiteHeaders.load(published)
    deploy = published.parent / "deploy"
    generated = {
        "nginx/koordinert.conf": nginx_conf(site),
        "apache/.htaccess": apache_htaccess(site),
        "caddy/Caddyfile": caddyfile(site),
        "static-host/_headers": headers_file(published, site),
    }
    for name, text in generated.items():
        # The build wrote them, and wrote what the generators say now.
        assert (deploy / name).read_text(encoding="utf-8") == text, name
        for kind in headers.KINDS:
            assert headers.csp(kind, site.embed_origins) in text, (name, kind)
        for route in headers.ROUTES:
            if route.name != "default" and name != "static-host/_headers":
                assert route.pattern in text, (name, route.name)
        for value in ("max-age=31536000", "no-referrer", "public, max-age=31536000, immutable"):
            assert value in text, (name, value)
    # The static-host file names each checker and embed page by path.
    text = generated["static-host/_headers"]
    for path in ("/sjekk/", "/nn/sjekk/", "/en/sjekk/", "/sjekk/embed/", "/en/sjekk/embed/"):
        assert f"\n{path}\n" in text, path
    nginx = generated["nginx/koordinert.conf"]
    assert "application/wasm wasm;" in nginx and "text/javascript js mjs;" in nginx
    assert "gzip_static on;" in nginx and "brotli_static on;" in nginx
    assert "error_page 404 /404.html;" in nginx
    for lang in ("nb", "nn", "en"):
        snippet = (deploy / "embed" / f"snippet-{lang}.html").read_text(encoding="utf-8")
        assert "https://koordinert.askoy.example/" in snippet
        assert "data-koordinert-embed" in snippet and "embed-host.js" in snippet
