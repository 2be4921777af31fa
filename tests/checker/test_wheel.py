"""The wheel: reproducible, content-addressed, YAML out, compiled rules in."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sitegen import checker_wheel
from sitegen.problems import BuildError


def test_wheel_contents(wheel: Path) -> None:
    assert wheel.name.startswith("koordinert_checker-1.0.0+")
    assert wheel.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "checker/_rules.json" in names
        assert "checker/api.py" in names
        assert not [n for n in names if n.endswith((".yaml", ".pyc", ".md"))]
        assert names[-1].endswith(".dist-info/RECORD")
        assert names[:-3] == sorted(names[:-3])
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
        record = archive.read(names[-1]).decode()
        assert len(record.splitlines()) == len(names)
        wheel_meta = archive.read(names[-2]).decode()
        assert "Tag: py3-none-any" in wheel_meta
        rules = json.loads(archive.read("checker/_rules.json"))
        assert "complaint.weeks.health" in rules["rules"]


def test_wheel_is_reproducible(wheel: Path, tmp_path: Path) -> None:
    again = checker_wheel.build_wheel(tmp_path)
    assert again.name == wheel.name
    assert again.read_bytes() == wheel.read_bytes()


def test_source_date_epoch(tmp_path: Path, wheel: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    other = checker_wheel.build_wheel(tmp_path)
    assert other.name == wheel.name, "the name hashes the contents, not the time"
    with zipfile.ZipFile(other) as archive:
        assert archive.infolist()[0].date_time == (2026, 1, 1, 0, 0, 0)


def test_the_bytecode_wheel(site_wheel: Path, wheel: Path, tmp_path: Path) -> None:
    """The site's wheel: each source replaced by a sourceless, unchecked hash-based
    .pyc (PEP 552) of this Python, which is Pyodide's; nothing else changed."""
    assert site_wheel.name == wheel.name.replace("-py3-", "-py313-")
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(site_wheel) as compiled:
        sources = {n: source.read(n) for n in source.namelist()}
        names = compiled.namelist()
        assert [n for n in names if not n.endswith(".pyc")] == [
            n for n in sources if not n.endswith(".py") and not n.endswith("RECORD")
            and not n.endswith("WHEEL")] + [names[-2], names[-1]]
        assert sorted(n[:-1] for n in names if n.endswith(".pyc")) == sorted(
            n for n in sources if n.endswith(".py"))
        for name in names:
            if name.endswith(".pyc"):
                pyc = compiled.read(name)
                assert pyc[:4] == importlib.util.MAGIC_NUMBER
                assert int.from_bytes(pyc[4:8], "little") == 0b01  # hash-based, unchecked
                assert pyc[8:16] == importlib.util.source_hash(sources[name[:-1]])
        assert "Tag: py313-none-any" in compiled.read(names[-2]).decode()
    entry = checker_wheel.lock_entry(site_wheel, json.loads(
        checker_wheel.PYODIDE_LOCK.read_text(encoding="utf-8"))["info"])
    assert entry["imports"] == ["checker"]


def test_the_bytecode_wheel_is_reproducible(site_wheel: Path, tmp_path: Path) -> None:
    """Byte for byte, from another process with another hash seed (a set of
    strings in the code is marshalled in the seed's order unless fixed)."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    proc = subprocess.run([sys.executable, "-m", "sitegen.checker_wheel", "--out",
                           str(tmp_path), "--bytecode"], capture_output=True, text=True,
                          env=env, cwd=checker_wheel.ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    again = Path(proc.stdout.strip())
    assert again.name == site_wheel.name
    assert again.read_bytes() == site_wheel.read_bytes()


def test_bytecode_needs_pyodides_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checker_wheel, "pyodide_python", lambda: "3.12.7")
    with pytest.raises(BuildError, match=r"needs Python 3\.12"):
        checker_wheel.bytecode([("checker/a.py", b"x = 1\n")])


def test_content_hash_changes_with_contents() -> None:
    files = [("checker/a.py", b"x = 1\n")]
    assert checker_wheel.content_hash(files) != checker_wheel.content_hash(
        [("checker/a.py", b"x = 2\n")]
    )
    assert len(checker_wheel.content_hash(files)) == 12


def test_pyodide_lock(wheel: Path, tmp_path: Path) -> None:
    lock_path = checker_wheel.write_pyodide_lock(wheel, tmp_path)
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    upstream = json.loads(checker_wheel.PYODIDE_LOCK.read_text(encoding="utf-8"))
    assert lock["info"] == upstream["info"]
    [(key, entry)] = lock["packages"].items()
    copied = tmp_path / wheel.name
    # Everything read from the wheel itself, by pyodide-lock: the name as the
    # metadata spells it, the version in the file name, the bytes' sha256, and the
    # one top-level package inside.
    with zipfile.ZipFile(copied) as archive:
        metadata = next(archive.read(n).decode() for n in archive.namelist()
                        if n.endswith(".dist-info/METADATA"))
        top_level = sorted({n.split("/")[0] for n in archive.namelist()
                            if n.endswith(".py") and "/" in n})
    assert key == entry["name"] == "koordinert-checker"
    assert f"Name: {entry['name']}\n" in metadata
    assert entry["version"] == wheel.name.split("-")[1] and f"Version: {entry['version']}\n" \
        in metadata
    assert entry["file_name"] == wheel.name  # relative to the lockfile
    assert entry["sha256"] == hashlib.sha256(copied.read_bytes()).hexdigest()
    assert entry["imports"] == top_level == ["checker"]
    assert entry["depends"] == []
    assert (entry["install_dir"], entry["package_type"]) == ("site", "package")


def test_a_wheel_pyodide_cannot_load_stops_the_build(wheel: Path, tmp_path: Path) -> None:
    """No silent fallback: a wheel whose tags do not fit Pyodide's Python is an error."""
    wrong = tmp_path / wheel.name.replace("py3-none-any", "cp311-cp311-manylinux_2_17_x86_64")
    wrong.write_bytes(wheel.read_bytes())
    info = json.loads(checker_wheel.PYODIDE_LOCK.read_text(encoding="utf-8"))["info"]
    with pytest.raises(BuildError, match="cannot make a lockfile entry"):
        checker_wheel.lock_entry(wrong, info)


def test_compile_rules_is_deterministic(tmp_path: Path) -> None:
    first = checker_wheel.compile_rules(tmp_path / "a.json").read_bytes()
    second = checker_wheel.compile_rules(tmp_path / "b.json").read_bytes()
    assert first == second
    data = json.loads(first)
    assert json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n" == first.decode()


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (
            "r:\n  values:\n"
            "    - {from: 2022-01-01, until: null, value: 1, law: x, paragraph: y}\n",
            "missing url",
        ),
        (
            "r:\n  values:\n    - {from: 2022-01-01, until: null, value: 1, law: x, paragraph: y, "
            "url: 'https://example.org/'}\n",
            "Lovdata",
        ),
        (
            "r:\n  values:\n    - {from: 2022-01-01, until: null, value: 1, law: x, paragraph: y, "
            "url: 'https://lovdata.no/a'}\n    - {from: 2023-01-01, until: null, value: 2, law: x, "
            "paragraph: y, url: 'https://lovdata.no/a'}\n",
            "overlaps",
        ),
        (
            "r:\n  values:\n    - {from: 2022-01-01, until: 2021-01-01, value: 1, law: x, "
            "paragraph: y, url: 'https://lovdata.no/a'}\n",
            "until is before from",
        ),
        ("r:\n  values: []\n", "non-empty"),
    ],
)
def test_bad_rule_data_is_rejected(tmp_path: Path, yaml_text: str, message: str) -> None:
    (tmp_path / "flow.yaml").write_text("flow: {questions: []}\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(checker_wheel.RuleDataError, match=message):
        checker_wheel.load_rules(tmp_path)


def test_cli_prints_the_wheel_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert checker_wheel.main(["--out", str(tmp_path)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.exists() and printed.parent == tmp_path
    assert (tmp_path / "pyodide-lock.json").exists()


VALUE = ("{from: 2022-01-01, until: null, value: 1, law: x, paragraph: y, "
         "url: 'https://lovdata.no/a'}")


@pytest.mark.parametrize(
    ("yaml_text", "where", "message"),
    [
        # A rule id given twice in one file: PyYAML would keep the second silently.
        (f"r:\n  values:\n    - {VALUE}\nr:\n  values:\n    - {VALUE}\n",
         "bad.yaml:4:1 r:", "duplicate key 'r' (first given on line 1)"),
        # A second `value:` in one dated value.
        ("r:\n  values:\n    - from: 2022-01-01\n      until: null\n      value: 1\n"
         "      value: 2\n      law: x\n      paragraph: y\n      url: https://lovdata.no/a\n",
         "bad.yaml:6:7 r.values[0].value:", "duplicate key 'value' (first given on line 5)"),
        # An alias: the same value twice by reference, reported where the alias stands.
        (f"r:\n  values:\n    - &v {VALUE}\ns:\n  values:\n    - *v\n",
         "bad.yaml:6:7 s.values[0]:", "anchors and aliases (&name, *name) are not allowed"),
        # A merge key, and an alias after it still reported at its own place.
        (f"r:\n  values:\n    - &v {VALUE}\ns:\n  <<: *v\nt:\n  values:\n    - *v\n",
         "bad.yaml:5:3 s:", "merge keys (<<) are not allowed"),
        (f"r:\n  values:\n    - &v {VALUE}\ns:\n  <<: *v\nt:\n  values:\n    - *v\n",
         "bad.yaml:8:7 t.values[0]:", "anchors and aliases (&name, *name) are not allowed"),
        # Positions for the checks after parsing too.
        ("r:\n  values:\n    - {from: 2022-01-01, until: null, value: 1, law: x, "
         "paragraph: y, url: 'https://example.org/'}\n",
         "bad.yaml:3:76 r.values[0].url:", "must be a Lovdata link"),
        (f"r:\n  values:\n    - {VALUE}\n  valeus: []\n",
         "bad.yaml:4:3 r.valeus:", "unknown key 'valeus'"),
    ],
)
def test_rule_data_is_read_strictly(tmp_path: Path, yaml_text: str, where: str,
                                    message: str) -> None:
    (tmp_path / "flow.yaml").write_text("flow: {questions: []}\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(checker_wheel.RuleDataError) as caught:
        checker_wheel.load_rules(tmp_path)
    lines = str(caught.value).splitlines()
    assert any(line.startswith(f"{tmp_path / where} {message}") for line in lines), lines


def test_a_rule_defined_in_two_files_names_both(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(f"flow: {{questions: []}}\nr:\n  values:\n    - {VALUE}\n",
                                     encoding="utf-8")
    (tmp_path / "b.yaml").write_text(f"\nr:\n  values:\n    - {VALUE}\n", encoding="utf-8")
    with pytest.raises(checker_wheel.RuleDataError) as caught:
        checker_wheel.load_rules(tmp_path)
    [problem] = caught.value.problems
    assert (Path(problem.file).name, problem.line, problem.column, problem.key_path) == (
        "b.yaml", 2, 1, "r")
    assert "also defined in" in problem.message and "a.yaml:2:1" in problem.message
