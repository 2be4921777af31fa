"""Build tooling for the checker: compile the YAML rules, build the wheel that
ships to the browser, and write a minimal pyodide-lock.json for it.

    python -m sitegen.checker_wheel --out DIR     # prints the wheel path
    python -m sitegen.checker_wheel --rules-only  # only checker/_rules.json

The wheel is written with zipfile rather than a build backend: the venv has no
flit_core/setuptools pinned, the package needs a generated file
(``_rules.json``) in and the YAML sources out, and the version carries a hash
of the package contents — all three are a few lines here, and the result is
byte-for-byte reproducible (fixed timestamps from SOURCE_DATE_EPOCH, sorted
entries, fixed permissions, fixed compression level).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

from pyodide_lock.spec import InfoSpec
from pyodide_lock.utils import package_spec_from_wheel

from sitegen.jsonfile import write_if_changed
from sitegen.letter_texts import compile_letter_texts
from sitegen.problems import BuildError, Problems
from sitegen.yamlsource import KeyPath, Located, format_key_path, load_yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "checker"
RULES_DIR = PACKAGE / "rules"
RULES_JSON = PACKAGE / "_rules.json"
LETTERS_JSON = PACKAGE / "_letters.json"  # written by sitegen.letter_texts
# Pyodide from the pinned npm package (package.json); sitegen/pyodide_assets.py
# copies its runtime from here.
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
PYODIDE_LOCK = NPM_PYODIDE / "pyodide-lock.json"
DIST_NAME = "koordinert_checker"
PROJECT_NAME = "koordinert-checker"
# 1980-01-01, the earliest time a zip entry can hold.
DEFAULT_EPOCH = 315532800
REQUIRED = ("from", "until", "value", "law", "paragraph", "url")


class RuleDataError(ValueError):
    """The YAML rules are malformed; each problem names its place as
    ``file:line:column rule.path: message``."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


def _iso(value: object) -> str | None:
    """A date as ISO text, None for null; ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return dt.date.fromisoformat(value).isoformat()
    raise ValueError(value)


class _RuleFile:
    """One rules file read strictly (yamlsource: duplicate keys, aliases and
    positions), checked rule by rule; problems name the file, line and column."""

    def __init__(self, located: Located, file: str, problems: Problems) -> None:
        self.located = located
        self.file = file
        self.problems = problems

    def bad(self, path: KeyPath, message: str, hint: str = "", *, key: bool = False) -> None:
        line, column = (self.located.key_position if key else self.located.position)(path)
        self.problems.add(self.file, line, column, format_key_path(path), message, hint)

    def rule(self, rule_id: str, rule: Any) -> dict[str, Any] | None:
        if not isinstance(rule, dict) or not isinstance(rule.get("values"), list) \
                or not rule["values"]:
            self.bad((rule_id,), "needs a non-empty list 'values'")
            return None
        for extra in sorted(set(rule) - {"description", "values"}):
            self.bad((rule_id, extra), f"unknown key '{extra}'",
                     "a rule has description and values", key=True)
        values = []
        previous_until: str | None = ""
        for index, item in enumerate(rule["values"]):
            at: KeyPath = (rule_id, "values", index)
            checked = self.value(at, item, previous_until)
            if checked is None:
                return None
            values.append(checked)
            previous_until = checked["until"]
        return {"description": str(rule.get("description", "")), "values": values}

    def value(self, at: KeyPath, item: Any, previous_until: str | None) -> dict[str, Any] | None:
        if not isinstance(item, dict):
            self.bad(at, "expected a mapping")
            return None
        missing = [key for key in REQUIRED if key not in item]
        if missing:
            self.bad(at, f"missing {', '.join(missing)}")
            return None
        unknown = sorted(set(item) - {*REQUIRED, "flags"})
        for key in unknown:
            self.bad((*at, key), f"unknown key '{key}'",
                     f"a value has {', '.join(REQUIRED)} and optionally flags", key=True)
        dates: dict[str, str | None] = {}
        for key in ("from", "until"):
            try:
                dates[key] = _iso(item[key])
            except ValueError:
                self.bad((*at, key), f"expected a date YYYY-MM-DD or null, got {item[key]!r}")
                return None
        start, until = dates["from"], dates["until"]
        if start is None:
            self.bad((*at, "from"), "must be a date")
            return None
        if until is not None and until < start:
            self.bad((*at, "until"), "until is before from")
            return None
        if previous_until is None or (previous_until and start <= previous_until):
            self.bad((*at, "from"), "overlaps the previous value",
                     "end the previous value (until) before this one starts")
            return None
        if not str(item["url"]).startswith("https://lovdata.no/"):
            self.bad((*at, "url"), "must be a Lovdata link")
            return None
        flags = item.get("flags", [])
        if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
            self.bad((*at, "flags"), "must be a list of keys")
            return None
        if unknown:
            return None
        return {
            "from": start,
            "until": until,
            "value": item["value"],
            "law": str(item["law"]),
            "paragraph": str(item["paragraph"]),
            "url": str(item["url"]),
            "flags": sorted(flags),
        }


def _display(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def load_rules(rules_dir: Path = RULES_DIR) -> dict[str, Any]:
    """Read and check every ``*.yaml`` under ``rules_dir``; returns the compiled data.

    Raises :class:`RuleDataError` with every problem found."""
    problems = Problems()
    compiled: dict[str, Any] = {"rules": {}, "flow": None}
    defined: dict[str, str] = {}  # rule id -> where it was first defined
    for path in sorted(rules_dir.glob("*.yaml")):
        file = _display(path)
        located = load_yaml(path, problems, display=file)
        if located is None:
            continue
        if not isinstance(located.data, dict):
            problems.add(file, 1, 1, "", "expected a mapping of rule ids at the top")
            continue
        rules = _RuleFile(located, file, problems)
        for key, body in located.data.items():
            if key == "flow":
                if compiled["flow"] is not None:
                    rules.bad((key,), f"a second flow (the first is in {defined[key]})",
                              "keep one", key=True)
                compiled["flow"] = body
            elif key in defined:
                rules.bad((key,), f"rule '{key}' is also defined in {defined[key]}",
                          "keep one", key=True)
                continue
            else:
                checked = rules.rule(str(key), body)
                if checked is not None:
                    compiled["rules"][key] = checked
            line, column = located.key_position((key,))
            defined.setdefault(key, f"{file}:{line}:{column}")
    if compiled["flow"] is None and not problems.errors:
        problems.add(_display(rules_dir), 1, 1, "flow",
                     "no flow: expected a 'flow' mapping in one rules file")
    if problems.errors:
        raise RuleDataError(problems)
    return compiled


def compile_rules(dest: Path | None = None) -> Path:
    """Compile ``checker/rules/*.yaml`` into ``checker/_rules.json`` (sorted keys)."""
    dest = write_if_changed(RULES_JSON if dest is None else dest, load_rules())
    compile_letter_texts()  # the letter texts travel with the rules (checker/_letters.json)
    return dest


def _package_files() -> list[tuple[str, bytes]]:
    """(archive name, bytes) of everything that goes in the wheel, sorted."""
    files = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(ROOT).as_posix()
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if path.suffix in (".py", ".typed") or path in (RULES_JSON, LETTERS_JSON):
            files.append((rel, path.read_bytes()))
    return files


def content_hash(files: list[tuple[str, bytes]]) -> str:
    """12 hex digits of sha256 over the package files (names and bytes).

    Hashing the sources, not the wheel, avoids the circularity of a wheel whose
    name (and so its RECORD) would depend on its own hash.
    """
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:12]


def _record_line(name: str, data: bytes) -> str:
    b64 = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={b64},{len(data)}"


# Run in a fresh interpreter with a fixed hash seed: a set of strings in the
# code (a frozenset constant) is marshalled in iteration order, which depends
# on the seed, and marshal's back-references on reference counts, which are
# the same in a fresh process given the same input. Sourceless, hash-based,
# unchecked .pyc files (PEP 552): no source time in them, nothing to check
# against at import (the wheel has no sources).
_BYTECODE = """
import base64, importlib.util, json, marshal, sys
job = json.load(sys.stdin)
out = {}
for name, text in job["sources"].items():
    source = base64.b64decode(text)
    code = compile(source, name, "exec", dont_inherit=True, optimize=job["optimize"])
    header = importlib.util.MAGIC_NUMBER + (0b01).to_bytes(4, "little")
    pyc = header + importlib.util.source_hash(source) + marshal.dumps(code)
    out[name + "c"] = base64.b64encode(pyc).decode()
json.dump(out, sys.stdout)
"""


def pyodide_python() -> str:
    """The Python version Pyodide embeds ("3.13.2"), from its npm lockfile."""
    info: dict[str, str] = json.loads(PYODIDE_LOCK.read_text(encoding="utf-8"))["info"]
    return info["python"]


def bytecode(files: list[tuple[str, bytes]], optimize: int = 0) -> list[tuple[str, bytes]]:
    """``files`` with every ``.py`` replaced by its ``.pyc`` (same order, reproducible).

    Compiled by this Python, which must be the minor version Pyodide embeds
    (bytecode differs between minor versions); ``optimize`` as compile()'s
    (2: without assert statements and docstrings, as ``python -OO``)."""
    want = pyodide_python().split(".")[:2]
    if [str(sys.version_info.major), str(sys.version_info.minor)] != want:
        raise BuildError(f"Pyodide's bytecode needs Python {'.'.join(want)} (the one in "
                         f"Pyodide), this is {sys.version.split()[0]}; build with "
                         f"Python {'.'.join(want)} (see scripts/find-python.sh)")
    sources = {name: base64.b64encode(data).decode() for name, data in files
               if name.endswith(".py")}
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    job = {"sources": sources, "optimize": optimize}
    proc = subprocess.run([sys.executable, "-I", "-c", _BYTECODE], input=json.dumps(job),
                          capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise BuildError(f"compiling Python to bytecode failed:\n{proc.stderr[-2000:]}")
    compiled = {k: base64.b64decode(v) for k, v in json.loads(proc.stdout).items()}
    return [(name + "c", compiled[name + "c"]) if name.endswith(".py") else (name, data)
            for name, data in files]


def build_wheel(out_dir: Path, *, compiled: bool = False) -> Path:
    """Compile the rules and build a reproducible wheel into ``out_dir``: ``py3-none-any``
    with the sources, or with ``compiled`` the bytecode alone, tagged for the
    Python version it was compiled for (``py313-none-any``: pyodide-lock
    refuses ``cp313-none-any``)."""
    compile_rules()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    files = _package_files()
    version = f"{project['version']}+{content_hash(files)}"
    tag = "py3-none-any"
    if compiled:
        files = bytecode(files)
        tag = f"py{''.join(pyodide_python().split('.')[:2])}-none-any"
    dist_info = f"{DIST_NAME}-{version}.dist-info"
    metadata = (
        "Metadata-Version: 2.1\n"
        f"Name: {PROJECT_NAME}\n"
        f"Version: {version}\n"
        f"Summary: {project.get('description', '')}\n"
        f"Requires-Python: {project.get('requires-python', '>=3.12')}\n"
    )
    wheel_meta = (
        "Wheel-Version: 1.0\n"
        "Generator: sitegen.checker_wheel\n"
        "Root-Is-Purelib: true\n"
        f"Tag: {tag}\n"
    )
    entries = [
        *files,
        (f"{dist_info}/METADATA", metadata.encode()),
        (f"{dist_info}/WHEEL", wheel_meta.encode()),
    ]
    record = "".join(_record_line(n, d) + "\n" for n, d in entries)
    record += f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))

    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)), DEFAULT_EPOCH)
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).timetuple()[:6]
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"{DIST_NAME}-{version}-{tag}.whl"
    tmp = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        # RECORD last, as the wheel spec recommends; the rest sorted.
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=9)
    tmp.replace(wheel)
    return wheel


def lock_entry(wheel: Path, info: dict[str, Any]) -> dict[str, Any]:
    """The lockfile entry for ``wheel``, made in-process by pyodide-lock (the lock
    library of pyodide-build, as ``pyodide lockfile add-wheels`` uses it): it checks
    the wheel's tags against the Python and platform in ``info`` and reads the name,
    version, sha256 and top-level imports from the wheel itself. The file name is
    relative to the lockfile, so the site can be served from any prefix."""
    # pyodide-lock warns when it finds no top-level .py file (a bytecode
    # wheel); the imports are filled in below.
    quiet = logging.getLogger("pyodide_lock.utils")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        spec = package_spec_from_wheel(wheel, InfoSpec.from_dict(info))
    except (RuntimeError, ValueError) as exc:
        raise BuildError(f"pyodide-lock cannot make a lockfile entry for {wheel.name}: "
                         f"{exc}") from None
    finally:
        quiet.setLevel(level)
    entry: dict[str, Any] = spec.to_dict()
    entry["file_name"] = wheel.name
    if not entry["imports"]:
        # pyodide-lock finds the top-level packages from the .py files; a
        # bytecode wheel has only .pyc files.
        with zipfile.ZipFile(wheel) as archive:
            entry["imports"] = sorted({n.split("/")[0] for n in archive.namelist()
                                       if n.endswith("/__init__.pyc") and n.count("/") == 1})
    return entry


def write_pyodide_lock(wheel: Path, dest_dir: Path) -> Path:
    """Write ``dest_dir/pyodide-lock.json``: the ``info`` of the npm Pyodide lockfile and
    one entry, for our wheel (copied into ``dest_dir`` if it is not there). Only our
    package: the page loads nothing else."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    if wheel.resolve().parent != dest_dir.resolve():
        shutil.copyfile(wheel, dest_dir / wheel.name)
        wheel = dest_dir / wheel.name
    info = json.loads(PYODIDE_LOCK.read_text(encoding="utf-8"))["info"]
    entry = lock_entry(wheel, info)
    lock = {"info": info, "packages": {entry["name"]: entry}}
    path = dest_dir / "pyodide-lock.json"
    path.write_text(json.dumps(lock, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.checker_wheel", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", type=Path, help="directory for wheel and lockfile")
    what.add_argument("--rules-only", action="store_true",
                      help="only compile checker/rules/*.yaml into checker/_rules.json")
    parser.add_argument("--bytecode", action="store_true",
                        help="the wheel the site ships: .pyc files instead of the sources")
    args = parser.parse_args(argv)
    try:
        if args.rules_only:
            compile_rules()
            return 0
        wheel = build_wheel(args.out, compiled=args.bytecode)
    except (RuleDataError, BuildError) as exc:
        print(exc, file=sys.stderr)
        return 1
    write_pyodide_lock(wheel, args.out)
    print(wheel)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
