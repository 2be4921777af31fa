"""Self-hosted Pyodide: the runtime from the pinned npm package, plus our wheel.

Copied into the site once (not per language) at `pyodide/`. The lockfile there
lists only the checker wheel, so a stray `loadPackage("numpy")` fails loudly
instead of reaching for a CDN.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from sitegen.checker_wheel import NPM_PYODIDE, build_wheel, bytecode, write_pyodide_lock
from sitegen.problems import BuildError
from sitegen.registry import write_atomically

ROOT = Path(__file__).resolve().parent.parent
# What a browser needs: the loader, the interpreter, the standard library.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
STDLIB = "python_stdlib.zip"
# The standard-library modules Pyodide's start and the checker use (written by
# `python -m sitegen.pyodide_assets --stdlib-list`), plus EXTRA_MODULES.
STDLIB_LIST = Path(__file__).with_name("pyodide_stdlib.txt")
# Not seen in the run that makes the list, kept all the same: codecs a
# lookup may want, and the date parser datetime imports on demand.
EXTRA_MODULES = ("_strptime", "encodings.ascii", "encodings.latin_1", "encodings.utf_8_sig")
MODULE_LISTER = ROOT / "scripts" / "pyodide-stdlib-modules.mjs"
# The kept modules as bytecode, as `python -OO` compiles them (no assert
# statements, no docstrings: the standard library supports that mode). From
# sources, Pyodide compiled every module its start and the checker import,
# each time a page started it: the checker was ready in about half the time
# without that (README "Performance"), for 614 -> 969 KB over the wire.
STDLIB_OPTIMIZE = 2
# Compiling takes about half a second: the result is kept, by the bytes it
# is made from, as the precompressed files are (sitegen/precompress.py).
STDLIB_CACHE = ROOT / ".generated" / "pyodide-stdlib"


def install(dest: Path) -> Path:
    """Copy the runtime and build the checker wheel and its lockfile into `dest`."""
    missing = [name for name in RUNTIME_FILES if not (NPM_PYODIDE / name).is_file()]
    if missing:
        raise BuildError(f"Pyodide is not installed (missing node_modules/pyodide/"
                         f"{missing[0]}); run `npm ci` (make build does it)")
    dest.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        if name == STDLIB:
            trim_stdlib(NPM_PYODIDE / name, dest / name)
        else:
            shutil.copyfile(NPM_PYODIDE / name, dest / name)
    # Bytecode: Pyodide imports the checker without compiling its sources
    # (import and first answer 383 -> 252 ms under Node, median of 5; the
    # wheel 44 -> 79 KB). See bench/README.md.
    wheel = build_wheel(dest, compiled=True)
    write_pyodide_lock(wheel, dest)
    return wheel


def kept_modules() -> set[str]:
    names = {line.strip() for line in STDLIB_LIST.read_text(encoding="utf-8").splitlines()}
    return {n for n in names if n and not n.startswith("#")} | set(EXTRA_MODULES)


def _module_of(name: str) -> str | None:
    """The module an archive member holds ("json/decoder.py" or its .pyc ->
    "json.decoder"), or None."""
    if not name.endswith((".py", ".pyc")):
        return None
    dotted = name.removesuffix("c")[:-3].replace("/", ".")
    return dotted[:-len(".__init__")] if dotted.endswith(".__init__") else dotted


def trim_stdlib(src: Path, dest: Path, cache: Path | None = STDLIB_CACHE) -> None:
    """Pyodide's standard library with only the modules in the list (and the
    folders they are in), each module as bytecode (STDLIB_OPTIMIZE): 2.4 MB
    of sources -> about 1 MB, deflated as before. Same member order, dates
    and compression as the original, bytecode made reproducibly
    (checker_wheel.bytecode): the same input gives the same bytes."""
    keep = kept_modules()
    folders = {m.replace(".", "/") + "/" for m in keep}
    folders |= {"/".join(f.split("/")[:i]) + "/" for f in folders
                for i in range(1, f.count("/"))}
    kept: list[tuple[zipfile.ZipInfo, bytes]] = []
    found: set[str] = set()
    with zipfile.ZipFile(src) as archive:
        for info in archive.infolist():
            module = _module_of(info.filename)
            if module in keep or info.filename in folders:
                if module:
                    found.add(module)
                kept.append((info, archive.read(info)))
    missing = sorted(keep - found)
    if missing:
        raise BuildError(f"{_display(STDLIB_LIST)} names modules that are not in Pyodide's "
                         f"{STDLIB}: {', '.join(missing[:5])}; run `python -m "
                         "sitegen.pyodide_assets --stdlib-list` after a Pyodide update")
    digest = hashlib.sha256(f"{importlib.util.MAGIC_NUMBER.hex()} {STDLIB_OPTIMIZE}".encode())
    for info, data in kept:
        digest.update(f"\0{info.filename}\0{len(data)}\0".encode())
        digest.update(data)
    cached = cache / f"{digest.hexdigest()}.zip" if cache is not None else None
    if cached is not None and cached.is_file():
        write_atomically(dest, cached.read_bytes())
        return
    compiled = bytecode([(info.filename, data) for info, data in kept], STDLIB_OPTIMIZE)
    made = io.BytesIO()
    with zipfile.ZipFile(made, "w") as out:
        for (info, _), (name, data) in zip(kept, compiled, strict=True):
            member = info
            if name != info.filename:  # a module, now its .pyc
                member = zipfile.ZipInfo(name, date_time=info.date_time)
                member.compress_type = info.compress_type
                member.external_attr = info.external_attr
                member.create_system = info.create_system
            out.writestr(member, data, compresslevel=9)
    if cached is not None:  # atomic: builds side by side may share the cache
        write_atomically(cached, made.getvalue())
    write_atomically(dest, made.getvalue())


def _display(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def list_stdlib_modules() -> list[str]:
    """Run the checker in Pyodide under Node (every case of tests/checker/cases)
    and return the standard-library modules loaded from the zip."""
    sys.path.insert(0, str(ROOT / "tests" / "checker"))
    from checker_support import load_cases, request_of  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(Path(tmp), compiled=True)
        requests = Path(tmp) / "requests.json"
        requests.write_text(json.dumps([request_of(c) for c in load_cases()]), encoding="utf-8")
        proc = subprocess.run(["node", str(MODULE_LISTER), str(wheel), str(requests)],
                              capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        raise BuildError(f"listing the standard-library modules failed:\n{proc.stderr[-2000:]}")
    return sorted(line for line in proc.stdout.split() if line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.pyodide_assets")
    parser.add_argument("--stdlib-list", action="store_true",
                        help=f"write {_display(STDLIB_LIST)}: the standard-library modules "
                        "Pyodide's start and the checker use")
    args = parser.parse_args(argv)
    if args.stdlib_list:
        header = ("# Standard-library modules the site's python_stdlib.zip keeps: the ones\n"
                  "# Pyodide's start and the checker loaded in a run over every case of\n"
                  "# tests/checker/cases. Written by `python -m sitegen.pyodide_assets\n"
                  "# --stdlib-list`; sitegen/pyodide_assets.py adds EXTRA_MODULES.\n")
        STDLIB_LIST.write_text(header + "\n".join(list_stdlib_modules()) + "\n", encoding="utf-8")
        print(_display(STDLIB_LIST))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
