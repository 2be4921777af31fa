"""The checker page's JavaScript as one file: its ES modules bundled by esbuild.

The sources stay ES modules in `theme/assets/koordinert/` (type-checked,
linted and unit-tested one by one). A page that loads them as they are makes
one request per module: on a phone over HTTP/1.1 (six connections, 150 ms a
round trip) the eleven modules came in three waves and the first question
waited for the last of them. The build bundles the page's entry modules, in
the order the page ran them, into `assets/koordinert/checker-bundle.js`
(theme/main.html loads it); the modules it took in are left out of the built
site, so no copy nobody loads is published.

Not bundled: `checker-boot.js` (a classic script that starts the engine's
worker from the head), `checker-worker.js` (the worker), and the modules the
page imports at run time by URL (`checker-instant.js`,
`checker-letters-instant.js`).

esbuild (npm, pinned in package.json) rather than a bundler by hand: ES module
semantics (evaluation order, live bindings, `import()`) are what it is for. Its
output depends only on the sources and its version, so builds stay
reproducible.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sitegen.problems import BuildError

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "theme" / "assets" / "koordinert"
NODE_MODULES = ROOT / "node_modules"
# esbuild's own binary, for this platform (npm installs the one that fits);
# node_modules/.bin/esbuild is a Node script that finds and starts it (about
# 0.1 s more).
_ARCH = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64"}
# The page's module scripts, in the order they ran when loaded one by one
# (checker-letters.js and sw-register.js import checker-page.js).
ENTRIES = ("checker-page.js", "checker-letters.js", "sw-register.js")
NAME = "checker-bundle.js"
SITE_PATH = f"assets/koordinert/{NAME}"


@dataclass(frozen=True)
class Bundle:
    code: bytes
    inputs: tuple[str, ...]   # the theme's module files it holds (file names)


def _esbuild() -> Path:
    machine = platform.machine().lower()
    native = (NODE_MODULES / "@esbuild" / f"{sys.platform}-{_ARCH.get(machine, machine)}"
              / "bin" / "esbuild")
    if native.is_file():
        return native
    script = NODE_MODULES / ".bin" / "esbuild"
    if script.exists():
        return script
    raise BuildError("esbuild is not installed (missing node_modules/.bin/esbuild): "
                     "run `make build`, or `npm ci --ignore-scripts`")


def bundle() -> Bundle:
    """Bundle the entries with esbuild; BuildError with what to do if it cannot."""
    entry = "".join(f'import "./{name}";\n' for name in ENTRIES)
    with tempfile.TemporaryDirectory(prefix="koordinert-bundle-") as tmp:
        out, meta = Path(tmp) / NAME, Path(tmp) / "meta.json"
        proc = subprocess.run(
            [str(_esbuild()), "--bundle", "--format=esm", "--minify", "--charset=utf8",
             "--log-level=warning", f"--sourcefile={NAME}",
             f"--outfile={out}", f"--metafile={meta}"],
            # stdin's imports resolve from the working folder
            input=entry, capture_output=True, text=True, cwd=ASSETS, check=False)
        if proc.returncode != 0 or not out.is_file():
            raise BuildError(f"esbuild could not bundle the checker page's modules:\n"
                             f"{proc.stderr.strip()[-3000:]}")
        inputs = json.loads(meta.read_text(encoding="utf-8"))["inputs"]
        return Bundle(out.read_bytes(), tuple(sorted(
            Path(p).name for p in inputs
            if p != NAME and (ASSETS / p).resolve().parent == ASSETS)))


def write(dest: Path) -> None:
    """The bundle into `dest`/checker-bundle.js, and the names of the modules
    it holds into `dest`/inputs.json (a build task: see sitegen/build.py)."""
    made = bundle()
    dest.mkdir(parents=True, exist_ok=True)
    (dest / NAME).write_bytes(made.code)
    (dest / "inputs.json").write_text(json.dumps(made.inputs), encoding="utf-8")
