"""``python -m checker``: one JSON object and exit 0, or exit 2 with one line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from checker_support import ROOT


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def ok(*args: str, stdin: str | None = None) -> dict[str, Any]:
    proc = run(*args, stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out: dict[str, Any] = json.loads(proc.stdout)
    return out


def test_complaint() -> None:
    out = ok("deadline", "complaint", "--received", "2026-03-12", "--as-of", "2026-04-01")
    assert (out["deadline"], out["weeks"], out["basis"]) == ("2026-04-09", 4, "health")
    out = ok(
        "deadline",
        "complaint",
        "--received",
        "2026-03-12",
        "--basis",
        "social",
        "--as-of",
        "2026-04-01",
    )
    assert (out["deadline"], out["weeks"]) == ("2026-04-07", 3)
    assert len(out["moved_over"]) == 5


def test_complaint_defaults_to_today() -> None:
    out = ok("deadline", "complaint", "--received", "2026-03-12")
    assert out["deadline"] == "2026-04-09"
    assert len(out["as_of"]) == 10


def test_reply_and_child_coordinator() -> None:
    assert (
        ok("deadline", "reply", "--applied", "2025-01-31", "--as-of", "2025-03-01")["deadline"]
        == "2025-02-28"
    )
    assert (
        ok("deadline", "child-coordinator", "--birth-date", "2008-02-29", "--as-of", "2026-01-01")[
            "ends"
        ]
        == "2026-02-28"
    )


def test_eligibility_from_file_and_stdin(tmp_path: Path) -> None:
    answers = {
        "for_whom": "self",
        "services_needed": 2,
        "long_term": True,
        "complex": False,
        "qualification_programme": False,
        "wants_plan": False,
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    from_file = ok("eligibility", "--answers", str(path), "--as-of", "2026-11-22")
    from_stdin = ok(
        "eligibility", "--answers", "-", "--as-of", "2026-11-22", stdin=json.dumps(answers)
    )
    assert from_file == from_stdin
    assert from_file["as_of"] == "2026-11-22"
    results = from_file["results"]
    assert set(results) == {"individuell_plan", "koordinator", "barnekoordinator"}
    assert results["individuell_plan"]["outcome"] == "eligible"
    assert results["koordinator"]["outcome"] == "eligible"
    assert all(isinstance(r["reasons"], list) for r in results.values())


def test_flow_commands() -> None:
    assert (
        next(q["id"] for q in ok("flow", "--as-of", "2026-11-22")["flow"]["questions"])
        == "for_whom"
    )
    assert len(ok("flow", "--states", "--as-of", "2026-11-22")["states"]) > 100
    out = ok("flow", "--answers", "-", "--as-of", "2026-11-22", stdin='{"for_whom": "child"}')
    assert out["next_question"] == "child_birth_date"
    out = ok("flow", "--route", "--answers", "-", "--as-of", "2026-11-22",
             stdin='{"for_whom": "expected_child", "child_birth_date": "2020-01-01"}')
    assert out["path"] == ["for_whom", "services_needed"]
    assert out["answers"] == {"for_whom": "expected_child"}


BAD = [
    (["deadline", "complaint", "--received", "2026-02-30"], None, "--received"),
    (["deadline", "complaint", "--received", "12.03.2026"], None, "--received"),
    (["deadline", "complaint", "--received", "2026-03-12", "--basis", "tax"], None, "--basis"),
    (["deadline", "complaint"], None, "--received"),
    (["deadline", "reply", "--applied", "2026-13-01"], None, "--applied"),
    (
        ["deadline", "child-coordinator", "--birth-date", "2030-01-01", "--as-of", "2026-01-01"],
        None,
        "--birth-date",
    ),
    (["deadline", "reply", "--applied", "2026-01-01", "--as-of", "yesterday"], None, "--as-of"),
    (["eligibility", "--answers", "-"], "[1, 2]", "--answers"),
    (["eligibility", "--answers", "-"], "{not json", "--answers"),
    (["eligibility", "--answers", "-"], '{"services_needed": -1}', "services_needed"),
    (["eligibility", "--answers", "-"], '{"services_needed": 1.5}', "services_needed"),
    (["eligibility", "--answers", "-"], '{"services_needed": true}', "services_needed"),
    (["eligibility", "--answers", "-"], '{"colour": "blue"}', "colour"),
    (["eligibility", "--answers", "-"], '{"for_whom": "cat"}', "for_whom"),
    (["eligibility", "--answers", "-"], '{"long_term": 1}', "long_term"),
    (
        ["eligibility", "--answers", "-", "--as-of", "2026-01-01"],
        '{"for_whom": "child", "child_birth_date": "2026-01-02"}',
        "child_birth_date",
    ),
    (["eligibility", "--answers", "/nonexistent/answers.json"], None, "--answers"),
    (["eligibility"], None, "--answers"),
    (["flow", "--route"], None, "--answers"),
    (["flow", "--route", "--answers", "-"], '{"for_whom": "child", "child_birth_date": "x"}',
     "answers.child_birth_date"),
    (["nonsense"], None, "nonsense"),
]


@pytest.mark.parametrize(("args", "stdin", "field"), BAD, ids=[" ".join(b[0]) for b in BAD])
def test_bad_input_exits_2_with_one_line(args: list[str], stdin: str | None, field: str) -> None:
    proc = run(*args, stdin=stdin)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert field in lines[0]
    assert "Traceback" not in proc.stderr


def test_unreadable_file_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"for_whom": "s\xe6lf"}')
    proc = run("eligibility", "--answers", str(path))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "unreadable_file" in proc.stderr


def _fresh_copy(dest: Path) -> Path:
    """The sources a fresh clone has, without anything generated (no _rules.json,
    no _letters.json)."""
    skip = shutil.ignore_patterns("__pycache__", "_rules.json", "_letters.json", "*.tmp")
    for package in ("checker", "sitegen", "content/ui"):
        shutil.copytree(ROOT / package, dest / package, ignore=skip)
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    assert not (dest / "checker" / "_rules.json").exists()
    return dest


def test_works_in_a_fresh_clone_with_nothing_generated(tmp_path: Path) -> None:
    clone = _fresh_copy(tmp_path / "clone")
    args = [sys.executable, "-m", "checker", "deadline", "reply", "--applied", "2026-01-31",
            "--as-of", "2026-02-01"]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=clone, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["deadline"] == ok(*args[3:])["deadline"] == "2026-02-28"
    # It generated what it needed, the same bytes the build writes.
    compiled = clone / "checker" / "_rules.json"
    assert compiled.read_bytes() == (ROOT / "checker" / "_rules.json").read_bytes()
    letters = clone / "checker" / "_letters.json"
    assert letters.read_bytes() == (ROOT / "checker" / "_letters.json").read_bytes()
    # A rules file edited after that is compiled again; a broken one is reported with
    # its place (file:line:column rule.path: message) instead of a traceback.
    rules = clone / "checker" / "rules" / "deadlines.yaml"
    text = rules.read_text(encoding="utf-8")
    first = text.index("\n    - ", text.index("reply.months:"))
    rules.write_text(text[:first] + "\n    - &dup {}" + text[first:], encoding="utf-8")
    os.utime(rules, ns=(compiled.stat().st_mtime_ns + 1,) * 2)
    proc = subprocess.run(args, capture_output=True, text=True, cwd=clone, timeout=60)
    assert proc.returncode == 1
    assert "checker/rules/deadlines.yaml:" in proc.stderr and " reply.months.values[0]: " \
        in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
