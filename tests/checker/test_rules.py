"""Rule data and package hygiene: dated lookups, stdlib only, no clock."""

from __future__ import annotations

import ast
import sys
from datetime import date
from pathlib import Path

from checker import rules

PACKAGE = Path(__file__).resolve().parents[2] / "checker"


def test_lookup_inside_and_outside_the_known_period() -> None:
    assert rules.lookup("complaint.weeks.health", date(2022, 7, 31)) is None
    found = rules.lookup("complaint.weeks.health", date(2022, 8, 1))
    assert found is not None and found.value == 4
    assert found.reference() == {
        "law": "pbrl",
        "paragraph": "§ 7-5",
        "url": "https://lovdata.no/lov/1999-07-02-63/§7-5",
    }
    assert rules.lookup("holiday.grunnlovsdag", date(1946, 12, 31)) is None
    assert rules.lookup("holiday.grunnlovsdag", date(1947, 1, 1)) is not None


def test_every_rule_value_has_a_lovdata_reference() -> None:
    for rule_id in rules.rule_ids():
        found = rules.lookup(rule_id, date(2026, 1, 1))
        assert found is not None, rule_id
        assert found.url.startswith("https://lovdata.no/"), rule_id
        assert found.law and found.paragraph.startswith("§"), rule_id


def test_uncertain_points_are_flagged_in_the_data() -> None:
    def flags(rule_id: str) -> tuple[str, ...]:
        found = rules.lookup(rule_id, date(2026, 1, 1))
        assert found is not None
        return found.flags

    assert "applicability_uncertain" in flags("reply.months")
    assert "age_limit_source_uncertain" in flags("child_coordinator.age_limit")
    assert "electronic_submission_timing_uncertain" in flags("complaint.submission_in_time")


def _modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def test_standard_library_only() -> None:
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top == "checker" or top in sys.stdlib_module_names, (path.name, name)


def test_nothing_but_the_cli_reads_the_clock() -> None:
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        for call in ("today(", "now(", "time.time(", "utcnow(", "localtime("):
            if path.name == "cli.py" and call == "today(":
                continue
            assert call not in text, (path.name, call)
    assert "date.today()" in (PACKAGE / "cli.py").read_text(encoding="utf-8")
