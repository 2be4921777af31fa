"""Precompressed copies: beside the large files, decoding to the same bytes,
reproducible, and left out where they gain too little."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import brotli

from sitegen.precompress import MIN_SIZE, precompress


def test_large_files_have_br_and_gz_copies_that_decode_to_them(published: Path) -> None:
    for rel in ("pyodide/pyodide.asm.wasm", "pyodide/pyodide.asm.js", "sjekk/index.html",
                "en/sjekk/index.html", "search/search_index.json"):
        original = (published / rel).read_bytes()
        br = (published / f"{rel}.br").read_bytes()
        gz = (published / f"{rel}.gz").read_bytes()
        assert brotli.decompress(br) == original, rel
        assert gzip.decompress(gz) == original, rel
        assert len(br) < len(gz) < len(original), rel
        # A reproducible gzip header: no time, no file name (FLG bit 3 clear).
        assert gz[4:8] == b"\0\0\0\0" and not gz[3] & 0x08, rel
    # Already deflated: served as they are.
    wheel = next((published / "pyodide").glob("*.whl"))
    for path in (published / "pyodide" / "python_stdlib.zip", wheel):
        assert not path.with_name(path.name + ".br").exists()
        assert not path.with_name(path.name + ".gz").exists()
    # Small files are left to the server's own compression.
    small = [p for p in published.rglob("*.html") if p.stat().st_size < MIN_SIZE]
    assert small and not any(p.with_name(p.name + ".br").exists() for p in small)


def test_precompressing_again_gives_the_same_bytes(published: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(published / "sjekk", copy / "sjekk")
    for name in ("pyodide.asm.js", "pyodide.asm.js.br", "pyodide.asm.js.gz"):
        shutil.copy(published / "pyodide" / name, copy / name)
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.suffix in (".br", ".gz")}
    for p in before:
        p.unlink()
    precompress(copy, cache=None, jobs=1)  # computed again, not from the cache
    after = {p: p.read_bytes() for p in copy.rglob("*") if p.suffix in (".br", ".gz")}
    assert before and after == before
