"""Precompressed copies of a built site's files: `x.br` and `x.gz` beside `x`.

A server that finds them sends them to a browser that accepts the encoding
(nginx `gzip_static`/`brotli_static`, Caddy `precompressed`, Apache rewrite
rules: see sitegen/deploy.py), so nothing is compressed per request and the
best compression is affordable once, at build time. That matters most for
Pyodide's runtime: `pyodide.asm.wasm` is 8.6 MB, 2.1 MB as Brotli.

Which files: text and WebAssembly of at least `MIN_SIZE` bytes (16 KiB: the
Pyodide runtime, Material's bundles, the content pages, the checker page,
the search index; about 70 files), and zip files (Pyodide's standard
library, the checker wheel) when compressing them saves something. A copy is
kept only when it is at most `KEEP_RATIO` of the original: `python_stdlib.zip`
and the wheel are already deflated and gain 2-6 %, so they are served as they
are. Smaller files (the ~1,300 pages without JavaScript, 2-15 KB each) are
left to the server's own compression (nginx `gzip on` in deploy/): writing
three files for each of them cost more build time than it saves a visitor.

Reproducible: gzip with mtime 0 and no file name in the header, Brotli from
the pinned `brotli` package; the same input gives the same bytes. Both use
their best settings (Brotli 11: 20 s for the wasm file), kept in a cache
keyed by content, so later builds reuse them.
"""

from __future__ import annotations

import gzip
import hashlib
import multiprocessing
import os
import stat
import zlib
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli

COMPRESSIBLE = frozenset({".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".xml",
                          ".txt", ".ics", ".webmanifest", ".zip", ".whl"})
MIN_SIZE = 16 * 1024
KEEP_RATIO = 0.9
BEST_QUALITY = 11


@dataclass(frozen=True)
class Compressed:
    path: str          # relative to the site
    size: int
    br: int | None     # size of the .br kept, None when not worth it
    gz: int | None


def candidates(site: Path) -> Iterator[Path]:
    # os.walk, not Path.rglob: names are filtered as strings and only the
    # compressible ones are stat'ed, once (the national site has 4,000 files).
    found = []
    for folder, _dirs, names in os.walk(site):
        for name in names:
            if name.startswith(".") or os.path.splitext(name)[1] not in COMPRESSIBLE:
                continue
            path = os.path.join(folder, name)
            info = os.stat(path)
            if stat.S_ISREG(info.st_mode) and info.st_size >= MIN_SIZE:
                found.append(Path(path))
    yield from sorted(found)


def gzip_bytes(data: bytes) -> bytes:
    # mtime=0 and no file name: the header does not depend on when or where.
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    return bytes(brotli.compress(data, quality=BEST_QUALITY))


_METHODS = {"br": (brotli_bytes, f"brotli-{brotli.version}-q{BEST_QUALITY}"),
            "gz": (gzip_bytes, f"zlib-{zlib.ZLIB_RUNTIME_VERSION}-9")}


def compressed(data: bytes, ext: str, cache: Path | None) -> bytes:
    method, tag = _METHODS[ext]
    if cache is None:
        return method(data)
    cached = cache / f"{hashlib.sha256(data).hexdigest()}.{tag}.{ext}"
    if cached.is_file():
        return cached.read_bytes()
    out = method(data)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    tmp.write_bytes(out)
    tmp.replace(cached)  # atomic: builds running side by side may share the cache
    return out


def _one(job: tuple[Path, Path, Path | None]) -> Compressed:
    site, path, cache = job
    data = path.read_bytes()
    sizes: dict[str, int | None] = {}
    for ext in ("br", "gz"):
        packed = compressed(data, ext, cache)
        target = path.with_name(f"{path.name}.{ext}")
        if len(packed) <= KEEP_RATIO * len(data):
            target.write_bytes(packed)
            sizes[ext] = len(packed)
        else:
            target.unlink(missing_ok=True)
            sizes[ext] = None
    return Compressed(path.relative_to(site).as_posix(), len(data), sizes["br"], sizes["gz"])


def precompress(site: Path, cache: Path | None = None, jobs: int = 1,
                pool: Executor | None = None) -> list[Compressed]:
    """Write the .br and .gz copies for every candidate file of `site`; on
    `pool`'s workers when given (the build's own, already started)."""
    work = [(site, path, cache) for path in candidates(site)]
    if len(work) < 8 or (pool is None and jobs <= 1):
        return [_one(job) for job in work]
    if pool is not None:
        return list(pool.map(_one, work))
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as own:
        return list(own.map(_one, work))
