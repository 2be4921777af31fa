"""The checker offline: write a versioned service worker at the root of a built site.

`write_service_worker(site)` reads the service worker's source from the theme
(`theme/assets/koordinert/sw.js`), fills in the list of files the checker
needs and a version, and writes it to `<site>/sw.js`. It sits at the site's
root because a service worker's scope can be no wider than its own folder
(unless the host sends Service-Worker-Allowed, which a plain static host does
not): from the root it covers the checker page in every language, the theme's
assets and `pyodide/`.

What is precached: each checker page (a page whose HTML holds
`data-k-checker`), the scripts, style sheets and icons that page links to,
its ES modules (`<link rel="modulepreload">`), its Web Worker script, the
municipality details it fetches when a municipality is chosen
(`data-k-muni-src`, national site), and every file in `pyodide/` (the
runtime, the lockfile and the checker wheel). Nothing else, and nothing from
another host.

The version is a hash of those files' paths and contents, so a build that
changes any of them gives a new worker, which installs a fresh cache and
deletes the old one; a rebuild of identical files changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "theme" / "assets" / "koordinert" / "sw.js"
MANIFEST_LINE = re.compile(r"^const MANIFEST = .*$", re.MULTILINE)
CHECKER_MARK = b"data-k-checker"


class _Links(HTMLParser):
    """Same-site files a page loads: scripts, style sheets, icons, images, the
    worker, the municipality details."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.pyodide: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("href") and {"stylesheet", "icon", "modulepreload"} & set(
                a.get("rel", "").lower().split()):
            self.urls.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.urls.append(a["src"])
        if "data-k-checker" in a:
            for name in ("data-k-worker", "data-k-muni-src", "data-k-instant",
                         "data-k-instant-dates", "data-k-instant-module", "data-k-outcomes-src"):
                if a.get(name):
                    self.urls.append(a[name])
            # The letters prepared at build time and the module that fills them
            # in, beside the prepared answers and their module (checker-letters.js).
            for name, beside in (("data-k-instant-dates", "instant-letters.json"),
                                 ("data-k-instant-module", "checker-letters-instant.js")):
                if a.get(name):  # the same folder (a relative URL keeps its "../")
                    self.urls.append(a[name].rsplit("/", 1)[0] + "/" + beside
                                     if "/" in a[name] else beside)
            if a.get("data-k-pyodide"):
                self.pyodide.append(a["data-k-pyodide"])


def _checker_pages(site: Path) -> list[Path]:
    """Pages one or two folders deep whose HTML holds the checker."""
    found = []
    for pattern in ("index.html", "*/index.html", "*/*/index.html"):
        for page in sorted(site.glob(pattern)):
            with page.open("rb") as f:
                if CHECKER_MARK in f.read():
                    found.append(page)
    return found


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("data:")


def precache_list(site: Path) -> list[str]:
    """The URLs (relative to the site root, as in `sjekk/`) the checker needs offline."""
    urls: set[str] = set()
    for page in _checker_pages(site):
        page_url = "/" + page.parent.relative_to(site).as_posix() + "/"
        page_url = page_url.replace("//", "/")
        urls.add(page_url)
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.urls:
            if _local(link):
                urls.add(urlsplit(urljoin(page_url, link)).path)
        for folder in parser.pyodide:
            if not _local(folder):
                continue
            base = urlsplit(urljoin(page_url, folder)).path
            directory = site / base.strip("/")
            if directory.is_dir():
                urls.update(f"{base.rstrip('/')}/{f.name}" for f in sorted(directory.iterdir())
                            if f.is_file())
    # Only files that exist (a directory URL stands for its index.html).
    kept = [u for u in sorted(urls) if _file_for(site, u).is_file()]
    return [u.lstrip("/") or "./" for u in kept]


def _file_for(site: Path, url: str) -> Path:
    path = PurePosixPath(url.lstrip("/"))
    target = site / path
    return target / "index.html" if url.endswith("/") else target


def write_service_worker(site: Path) -> Path | None:
    """Write `<site>/sw.js`; return its path, or None when the site has no checker page."""
    files = precache_list(site)
    if not files:
        return None
    digest = hashlib.sha256()
    for url in files:
        digest.update(url.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(_file_for(site, "/" + url.removeprefix("./")).read_bytes())
                      .digest())
    version = digest.hexdigest()[:16]
    manifest = json.dumps({"version": version, "files": files}, ensure_ascii=False)
    source = SOURCE.read_text(encoding="utf-8")
    text, count = MANIFEST_LINE.subn(lambda _: f"const MANIFEST = {manifest};", source, count=1)
    if count != 1:
        raise ValueError(f"{SOURCE.name} has no 'const MANIFEST = …' line to fill in")
    out = site / "sw.js"
    out.write_text(text, encoding="utf-8")
    return out
