"""Each validation rule, with the exact message a municipality editor sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitegen.build import complaint_weeks_by_law
from sitegen.checker_wheel import compile_rules
from sitegen.problems import Problems, Severity
from sitegen.validate import contrast_ratio, load_municipalities

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)
VALID = (ROOT / "content" / "municipalities" / "_example.yaml").read_text(encoding="utf-8")
PAGES = ["individuell-plan", "koordinator", "barnekoordinator", "klage"]


@pytest.fixture(scope="module", autouse=True)
def _rules() -> None:
    compile_rules()


def check(tmp_path: Path, text: str | bytes, name: str = "eksempel.yaml",
          others: dict[str, str] | None = None) -> list[str]:
    files = []
    for file_name, body in {name: text, **(others or {})}.items():
        path = tmp_path / file_name
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
        files.append(path)
    problems = Problems()
    load_municipalities(files, problems, as_of=AS_OF, page_ids=PAGES,
                        complaint_weeks=complaint_weeks_by_law, root=tmp_path)
    return [p.format() for p in problems]


def test_the_example_file_is_valid(tmp_path: Path) -> None:
    assert check(tmp_path, VALID) == []


@pytest.mark.parametrize("name", ["askoy", "bokn"])
def test_the_real_municipalities_are_valid(name: str) -> None:
    problems = Problems()
    loaded = load_municipalities([ROOT / "content" / "municipalities" / f"{name}.yaml"],
                                 problems, as_of=AS_OF, page_ids=PAGES,
                                 complaint_weeks=complaint_weeks_by_law, root=ROOT)
    assert [p.format() for p in problems] == []
    assert loaded[0].municipality.id == name


def test_invalid_yaml_names_line_and_column(tmp_path: Path) -> None:
    assert check(tmp_path, VALID.replace("name: Eksempel", "name: [Eksempel")) == [
        "eksempel.yaml:19:1 invalid YAML: expected ',' or ']', but got '?' "
        "(check the indentation and quoting near this place)"]


def test_a_tab_in_the_indentation(tmp_path: Path) -> None:
    out = check(tmp_path, VALID.replace("  kind: koordinerende_enhet", "\tkind: x"))
    assert len(out) == 1 and out[0].startswith("eksempel.yaml:")
    assert "invalid YAML" in out[0] and "(indent with spaces, not tabs)" in out[0]


def test_unknown_key(tmp_path: Path) -> None:
    out = check(tmp_path, VALID.replace("name: Eksempel", "name: Eksempel\ncountry: Norge"))
    assert out == ["eksempel.yaml:14:1 country: unknown key 'country' (check the spelling; "
                   "allowed here: apply, colours, complaint, county, id, last_checked, "
                   "local_notes, name, number, other_names, publish, sources, statsforvalter, "
                   "unit, written_standard)"]


def test_duplicate_key_is_an_error_not_silently_the_last(tmp_path: Path) -> None:
    out = check(tmp_path, VALID.replace("name: Eksempel", "name: Eksempel\nname: Agder"))
    assert out == ["eksempel.yaml:14:1 name: duplicate key 'name' (first given on line 13) "
                   "(keep one of them)"]


def test_missing_required_field(tmp_path: Path) -> None:
    out = check(tmp_path, VALID.replace("written_standard: nn ", ""))
    assert out == ["eksempel.yaml:11:1 written_standard: missing required field 'written_standard' "
                   "(add it; see content/municipalities/_example.yaml)"]


def test_wrong_type_with_a_hint_to_quote(tmp_path: Path) -> None:
    out = check(tmp_path, VALID.replace('number: "0000"', "number: 1234"))
    assert out == ["eksempel.yaml:12:9 number: must be text, got a number "
                   "(put it in quotes: '1234')"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('phone: "12 34 56 78"', 'phone: "12 34"',
     "eksempel.yaml:27:10 unit.phone: must be a Norwegian phone number: 8 digits, optionally "
     "after +47 (Phone number, like '56 15 80 00')"),
    ('postcode: "9999"\n    city: Eksempel\n  visiting', 'postcode: "999"\n    city: Eksempel\n'
     "  visiting",
     "eksempel.yaml:31:15 unit.postal_address.postcode: must be a four-digit postcode in "
     "quotes, like '5300' (Four-digit postcode, in quotes: '5300')"),
    ("email: postmottak@eksempel.kommune.no", "email: postmottak(at)eksempel",
     "eksempel.yaml:28:10 unit.email: must be an e-mail address like postmottak@kommune.no "
     "(A functional address, not a person's)"),
    ("form_url: https://www.eksempel.kommune.no/skjema", "form_url: javascript:alert(1)",
     "eksempel.yaml:43:13 apply.form_url: must be a web address starting with https:// "
     "(The application form)"),
])
def test_formats(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in VALID
    assert check(tmp_path, VALID.replace(old, new, 1)) == [expected]


def test_opening_hours_that_close_before_they_open(tmp_path: Path) -> None:
    out = check(tmp_path, VALID.replace('closes: "15:00"', 'closes: "08:30"'))
    assert out == ["eksempel.yaml:38:7 unit.opening_hours[0]: closes at 08:30, which is not "
                   "after it opens at 09:00"]


def test_duplicate_numbers_and_ids_across_files(tmp_path: Path) -> None:
    other = VALID.replace("id: eksempel", "id: annan")
    out = check(tmp_path, VALID, others={"annan.yaml": other})
    assert out == ["eksempel.yaml:12:9 number: number '0000' is also used by annan.yaml "
                   "(each municipality has its own number)"]
    same_id = check(tmp_path, VALID, others={"annan.yaml": other.replace(
        'number: "0000"', 'number: "0001"').replace("id: annan", "id: eksempel")})
    assert "eksempel.yaml:11:5 id: id 'eksempel' is also used by annan.yaml (each municipality "\
        "has its own id)" in same_id
    assert "annan.yaml:11:5 id: id 'eksempel' differs from the file name 'annan' (rename the "\
        "file to eksempel.yaml or set id: annan)" in same_id


def test_a_stated_deadline_that_contradicts_the_law(tmp_path: Path) -> None:
    out = check(tmp_path, VALID.replace("# deadline_weeks: 4", "deadline_weeks: 3"))
    assert out == ["eksempel.yaml:59:19 complaint.deadline_weeks: states 3 weeks, but the law "
                   "gives 4 weeks to complain about a health and care decision (pasient- og "
                   "brukerrettighetsloven § 7-5) (set deadline_weeks: 4, and correct your own "
                   "web page too)"]
    assert check(tmp_path, VALID.replace("# deadline_weeks: 4", "deadline_weeks: 4")) == []


@pytest.mark.parametrize("name", ["Fylkesmannen i Vestland", "Helsetilsynet i Vestland"])
def test_outdated_authority_names(tmp_path: Path, name: str) -> None:
    out = check(tmp_path, VALID.replace("    nb: Legg ved det du har av dokumentasjon.",
                                        f"    nb: Klag til {name}."))
    assert len(out) == 1
    assert out[0].startswith("eksempel.yaml:46:9 apply.notes.nb: outdated authority name '")
    assert out[0].endswith("': it has been Statsforvalteren since 1 January 2021")


def test_stale_data_is_a_warning_and_future_data_an_error(tmp_path: Path) -> None:
    out = check(tmp_path, VALID.replace("last_checked: 2026-11-22", "last_checked: 2025-11-01"))
    assert out == ["eksempel.yaml:70:15 last_checked: warning: the data was last checked "
                   "2025-11-01, more than a year ago (check every fact against the sources "
                   "and update last_checked)"]
    out = check(tmp_path, VALID.replace("last_checked: 2026-11-22", "last_checked: 2027-01-01"))
    assert out == ["eksempel.yaml:70:15 last_checked: last_checked 2027-01-01 is in the future "
                   "(use the day you checked the data)"]


def test_colours_below_4_5_to_1(tmp_path: Path) -> None:
    text = VALID.replace('# colours:', 'colours:').replace('#   primary: "#005a87"',
                                                          '  primary: "#5b9bd5"').replace(
        '#   on_primary: "#ffffff"', '  on_primary: "#ffffff"')
    assert check(tmp_path, text) == [
        "eksempel.yaml:74:15 colours.on_primary: contrast with primary is 2.96:1, below 4.5:1 "
        "(WCAG 2.1 AA) (choose a darker primary or a lighter text)"]
    assert round(contrast_ratio("#005a87", "#ffffff"), 2) == 7.47


def test_not_utf8_bom_and_empty(tmp_path: Path) -> None:
    latin1 = VALID.replace("…", "...").encode("latin-1")
    assert check(tmp_path, latin1) == [
        "eksempel.yaml:19:43 the file is not valid UTF-8 (byte 0xe5) (save the file as UTF-8)"]
    assert check(tmp_path, b"\xef\xbb\xbf" + VALID.encode()) == [
        "eksempel.yaml:1:1 the file starts with a byte-order mark (BOM) (save it as UTF-8 "
        "without BOM)"]
    assert check(tmp_path, "") == ["eksempel.yaml:1:1 the file is empty (copy "
                                   "content/municipalities/_example.yaml and fill it in)"]
    assert check(tmp_path, "- a\n- b\n") == [
        "eksempel.yaml:1:1 the file holds a list, not a mapping of keys to values (start from "
        "content/municipalities/_example.yaml)"]


def test_markup_and_aliases_are_refused(tmp_path: Path) -> None:
    out = check(tmp_path, VALID.replace("name: Eksempel", "name: <script>alert(1)</script>"))
    assert out == ["eksempel.yaml:13:7 name: markup such as <tags> is not allowed in text"]
    out = check(tmp_path, VALID.replace("name: Eksempel", "name: &c Eksempel\nx: *c"))
    assert "eksempel.yaml:14:4 x: anchors and aliases (&name, *name) are not allowed "\
        "(write the value out in full)" in out


def test_missing_schema_line_is_a_warning(tmp_path: Path) -> None:
    problems = Problems()
    path = tmp_path / "eksempel.yaml"
    path.write_text(VALID.split("\n", 1)[1], encoding="utf-8")
    load_municipalities([path], problems, as_of=AS_OF, page_ids=PAGES,
                        complaint_weeks=complaint_weeks_by_law, root=tmp_path)
    assert [p.severity for p in problems] == [Severity.WARNING]
    assert "the first line should name the schema" in next(iter(problems)).message


def test_every_problem_of_a_file_in_one_run(tmp_path: Path) -> None:
    text = (VALID.replace('number: "0000"', "number: 12")
            .replace("name: Eksempel", "name: Eksempel\nfoo: bar")
            .replace('closes: "15:00"', 'closes: "08:00"')
            .replace("# deadline_weeks: 4", "deadline_weeks: 3"))
    out = check(tmp_path, text)
    assert [line.split(" ")[1] for line in out] == [
        "number:", "foo:", "unit.opening_hours[0]:", "complaint.deadline_weeks:"]


def test_an_impossible_date(tmp_path: Path) -> None:
    out = check(tmp_path, VALID.replace("last_checked: 2026-11-22", "last_checked: 2026-02-30"))
    assert out[0] == ("eksempel.yaml:70:15 last_checked: '2026-02-30' is not a real date or "
                      "number (write a date as YYYY-MM-DD that exists in the calendar)")
