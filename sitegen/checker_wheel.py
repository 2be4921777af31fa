"""Build tooling for the checker: compile the YAML rules, build the wheel that
ships to the browser, and write a minimal pyodide-lock.json for it.

    python -m sitegen.checker_wheel --out DIR   # prints the wheel path

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
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "checker"
RULES_DIR = PACKAGE / "rules"
RULES_JSON = PACKAGE / "_rules.json"
LETTERS_JSON = PACKAGE / "_letters.json"  # written by sitegen.letter_texts
PYODIDE_LOCK = ROOT / "node_modules" / "pyodide" / "pyodide-lock.json"
DIST_NAME = "koordinert_checker"
PROJECT_NAME = "koordinert-checker"
# 1980-01-01, the earliest time a zip entry can hold.
DEFAULT_EPOCH = 315532800
REQUIRED = ("from", "until", "value", "law", "paragraph", "url")


class RuleDataError(ValueError):
    """The YAML rules are malformed; the message names the file and rule."""


def _iso(value: object, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise RuleDataError(f"{where}: expected a date YYYY-MM-DD or null, got {value!r}")


def _check_rule(rule_id: str, rule: Any, where: str) -> dict[str, Any]:
    if not isinstance(rule, dict) or not isinstance(rule.get("values"), list) or not rule["values"]:
        raise RuleDataError(f"{where}: {rule_id}: needs a non-empty list 'values'")
    values = []
    previous_until: str | None = ""
    for index, item in enumerate(rule["values"]):
        at = f"{where}: {rule_id}.values[{index}]"
        if not isinstance(item, dict):
            raise RuleDataError(f"{at}: expected a mapping")
        missing = [key for key in REQUIRED if key not in item]
        if missing:
            raise RuleDataError(f"{at}: missing {', '.join(missing)}")
        unknown = sorted(set(item) - {*REQUIRED, "flags"})
        if unknown:
            raise RuleDataError(f"{at}: unknown keys {', '.join(unknown)}")
        start = _iso(item["from"], f"{at}.from")
        until = _iso(item["until"], f"{at}.until")
        if start is None:
            raise RuleDataError(f"{at}.from: must be a date")
        if until is not None and until < start:
            raise RuleDataError(f"{at}: until is before from")
        if previous_until is None or (previous_until and start <= previous_until):
            raise RuleDataError(f"{at}: overlaps the previous value")
        if not str(item["url"]).startswith("https://lovdata.no/"):
            raise RuleDataError(f"{at}.url: must be a Lovdata link")
        flags = item.get("flags", [])
        if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
            raise RuleDataError(f"{at}.flags: must be a list of keys")
        values.append(
            {
                "from": start,
                "until": until,
                "value": item["value"],
                "law": str(item["law"]),
                "paragraph": str(item["paragraph"]),
                "url": str(item["url"]),
                "flags": sorted(flags),
            }
        )
        previous_until = until
    return {"description": str(rule.get("description", "")), "values": values}


def load_rules(rules_dir: Path = RULES_DIR) -> dict[str, Any]:
    """Read and check every ``*.yaml`` under ``rules_dir``; returns the compiled data."""
    compiled: dict[str, Any] = {"rules": {}, "flow": None}
    for path in sorted(rules_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise RuleDataError(f"{path.name}: expected a mapping at the top")
        for key, body in data.items():
            if key == "flow":
                if compiled["flow"] is not None:
                    raise RuleDataError(f"{path.name}: second flow")
                compiled["flow"] = body
            elif key in compiled["rules"]:
                raise RuleDataError(f"{path.name}: {key}: defined twice")
            else:
                compiled["rules"][key] = _check_rule(str(key), body, path.name)
    if compiled["flow"] is None:
        raise RuleDataError("no flow: expected a 'flow' mapping in one rules file")
    canonical = json.dumps(compiled, sort_keys=True, ensure_ascii=False)
    compiled["digest"] = hashlib.sha256(canonical.encode()).hexdigest()[:12]
    return compiled


def compile_rules(dest: Path | None = None) -> Path:
    """Compile ``checker/rules/*.yaml`` into ``checker/_rules.json`` (sorted keys)."""
    dest = RULES_JSON if dest is None else dest
    text = json.dumps(load_rules(), sort_keys=True, ensure_ascii=False, indent=1) + "\n"
    if not dest.exists() or dest.read_text(encoding="utf-8") != text:
        tmp = dest.with_suffix(".json.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(dest)
    from sitegen.letter_texts import compile_letter_texts

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


def build_wheel(out_dir: Path) -> Path:
    """Compile the rules and build a reproducible ``py3-none-any`` wheel into ``out_dir``."""
    compile_rules()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    files = _package_files()
    version = f"{project['version']}+{content_hash(files)}"
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
        "Tag: py3-none-any\n"
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
    wheel = out_dir / f"{DIST_NAME}-{version}-py3-none-any.whl"
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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lock_entry(wheel: Path) -> dict[str, Any]:
    version = wheel.name.split("-")[1]
    return {
        "name": PROJECT_NAME,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": _sha256(wheel),
        "package_type": "package",
        "imports": ["checker"],
        "depends": [],
        "unvendored_tests": False,
    }


def _lock_with_pyodide_build(wheel: Path) -> dict[str, Any] | None:
    """The entry ``pyodide lockfile add-wheels`` writes for our wheel, or None if it fails."""
    pyodide = Path(sys.executable).with_name("pyodide")
    if not pyodide.exists() or not PYODIDE_LOCK.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lock.json"
        try:
            subprocess.run(
                [
                    str(pyodide),
                    "lockfile",
                    "add-wheels",
                    "--input",
                    str(PYODIDE_LOCK),
                    "--output",
                    str(out),
                    "--base-path",
                    str(wheel.parent),
                    str(wheel),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            packages = json.loads(out.read_text(encoding="utf-8"))["packages"]
        except (OSError, subprocess.SubprocessError, ValueError, KeyError):
            return None
    for entry in packages.values():
        if entry.get("file_name", "").endswith(wheel.name):
            found: dict[str, Any] = entry
            return found
    return None


def write_pyodide_lock(wheel: Path, dest_dir: Path) -> Path:
    """Write ``dest_dir/pyodide-lock.json``: the ``info`` of the npm Pyodide lockfile and
    one entry for our wheel (copied into ``dest_dir`` if it is not there)."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    if wheel.resolve().parent != dest_dir.resolve():
        shutil.copyfile(wheel, dest_dir / wheel.name)
        wheel = dest_dir / wheel.name
    info = json.loads(PYODIDE_LOCK.read_text(encoding="utf-8"))["info"]
    entry = _lock_with_pyodide_build(wheel) or _lock_entry(wheel)
    # Only our package: the page loads nothing else, and the file name must be
    # relative to the lockfile so the site can be served from any prefix.
    entry = {**entry, "file_name": wheel.name, "imports": ["checker"], "depends": []}
    lock = {"info": info, "packages": {PROJECT_NAME: entry}}
    path = dest_dir / "pyodide-lock.json"
    path.write_text(json.dumps(lock, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.checker_wheel", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="directory for wheel and lockfile")
    args = parser.parse_args(argv)
    wheel = build_wheel(args.out)
    write_pyodide_lock(wheel, args.out)
    print(wheel)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
