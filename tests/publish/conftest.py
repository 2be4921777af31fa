"""Shared by the publishing tests: a municipality variant with every publishing
field filled in, served by Debian's nginx with the generated configuration, and
a second loopback origin for host pages that embed the checker.

The variant is Askøy from a copy of content/ with a `publish:` block added: a
public address, a website, a logo made here, and as embed origins one https
origin and the host-page server of these tests (http on 127.0.0.2: loopback
origins are allowed for trying an embedding locally).
"""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

from sitegen.deploy import NGINX, NginxServer, start_nginx
from tests.conftest import ROOT, Builder

PUBLIC_URL = "https://koordinert.askoy.example/"
WEBSITE = "https://askoy.kommune.no/"
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">'
        '<rect width="40" height="40" rx="6" fill="#1d5f8a"/>'
        '<path d="M8 30 20 8l12 22z" fill="#fff"/></svg>\n')


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Host:
    """A plain web server for host pages, on an origin of its own."""

    directory: Path
    server: http.server.ThreadingHTTPServer

    @property
    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"


def _host(tmp: Path, address: str) -> Iterator[Host]:
    tmp.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer((address, 0), partial(_Quiet, directory=str(tmp)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Host(tmp, server)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def listed_host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    """The municipality's website: its origin is listed in publish.embed_origins."""
    yield from _host(tmp_path_factory.mktemp("listed-host"), "127.0.0.2")


@pytest.fixture(scope="session")
def other_host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    """Someone else's website: not listed."""
    yield from _host(tmp_path_factory.mktemp("other-host"), "127.0.0.3")


def publishing_content(dest: Path, origins: list[str]) -> Path:
    """A copy of content/ whose Askøy file has a publish: block."""
    shutil.copytree(ROOT / "content", dest)
    folder = dest / "municipalities"
    (folder / "logos").mkdir()
    (folder / "logos" / "askoy.svg").write_text(LOGO, encoding="utf-8")
    listed = "".join(f"    - {o}\n" for o in origins)
    with (folder / "askoy.yaml").open("a", encoding="utf-8") as f:
        f.write(f"publish:\n  public_url: {PUBLIC_URL}\n  website: {WEBSITE}\n"
                f"  logo: logos/askoy.svg\n  embed_origins:\n{listed}")
    return dest


@pytest.fixture(scope="session")
def published(build_site: Builder, tmp_path_factory: pytest.TempPathFactory,
              listed_host: Host) -> Path:
    """The Askøy variant with its publishing fields; deploy/ is written beside it."""
    content = publishing_content(tmp_path_factory.mktemp("content") / "content",
                                 ["https://www.askoy.kommune.no", listed_host.origin])
    result = build_site(municipality="askoy", content_dir=content)
    assert result.ok, [p.format() for p in result.problems.errors]
    assert result.out is not None
    return result.out


@pytest.fixture(scope="session")
def nginx(published: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NginxServer]:
    """Debian's nginx serving the variant with the generated configuration, on a
    free loopback port, with its pid, logs and temporary files in a temp folder."""
    if not Path(NGINX).is_file():
        pytest.fail(f"{NGINX} is missing: run `make nginx` (Debian's nginx, via apt)")
    server = start_nginx(published, tmp_path_factory.mktemp("nginx"))
    yield server
    server.stop()
    assert server.process.returncode is not None


HostPage = Callable[[Host, str, str], str]


@pytest.fixture(scope="session")
def host_page() -> HostPage:
    """Write a plain host page embedding `src` with the documented snippet; its URL."""

    def _page(host: Host, name: str, src: str) -> str:
        from sitegen.embed import HOST_SCRIPT

        koordinert = src[: src.index("/", len("http://")) + 1]
        (host.directory / f"{name}.html").write_text(
            "<!doctype html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
            f"<title>Host page {name}</title></head>\n"
            "<body style=\"font-family:sans-serif;max-width:48rem;margin:2rem auto\">\n"
            "<main><h1>Askøy kommune: individuell plan</h1>\n"
            "<p>Text of the municipality's own page, before the checker.</p>\n"
            f"<iframe src=\"{src}\" title=\"Koordinert\" data-koordinert-embed "
            "style=\"width:100%;height:40rem;border:0\"></iframe>\n"
            f"<script src=\"{koordinert}{HOST_SCRIPT}\" defer></script>\n"
            "<p>Text after the checker.</p></main></body></html>\n", encoding="utf-8")
        return f"{host.origin}/{name}.html"

    return _page
