"""The register of municipalities: its data, the checks of curated files
against it, and the refresh command."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import yaml

from sitegen.build import complaint_weeks_by_law
from sitegen.checker_wheel import compile_rules
from sitegen.problems import Problems, Severity
from sitegen.registry import (
    REGISTRY_FILE,
    Registry,
    compare,
    load_registry,
    norwegian_key,
    places,
    refresh,
)
from sitegen.validate import load_municipalities

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)
PAGES = ["individuell-plan", "koordinator", "barnekoordinator", "klage"]
EXAMPLE = (ROOT / "content" / "municipalities" / "_example.yaml").read_text(encoding="utf-8")

# legal-rules.md § 9, written out here independently of the data file.
EMBETE_OF_COUNTY = {
    "Oslo": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "Akershus": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "Buskerud": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "Østfold": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "Vestfold": "Statsforvalteren i Vestfold og Telemark",
    "Telemark": "Statsforvalteren i Vestfold og Telemark",
    "Innlandet": "Statsforvalteren i Innlandet",
    "Agder": "Statsforvalteren i Agder",
    "Rogaland": "Statsforvalteren i Rogaland",
    "Vestland": "Statsforvalteren i Vestland",
    "Møre og Romsdal": "Statsforvalteren i Møre og Romsdal",
    "Trøndelag": "Statsforvalteren i Trøndelag",
    "Nordland": "Statsforvalteren i Nordland",
    "Troms": "Statsforvalteren i Troms og Finnmark",
    "Finnmark": "Statsforvalteren i Troms og Finnmark",
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    problems = Problems()
    loaded = load_registry(ROOT / REGISTRY_FILE, problems)
    assert loaded is not None, [p.format() for p in problems]
    assert not list(problems)
    return loaded


@pytest.fixture(scope="module", autouse=True)
def _rules() -> None:
    compile_rules()


def test_all_357_municipalities_fifteen_counties_ten_embeter(registry: Registry) -> None:
    assert len(registry.entries) == 357
    assert len({e.number for e in registry.entries}) == 357
    assert len({e.id for e in registry.entries}) == 357
    assert sorted(c.name for c in registry.data.counties.values()) == sorted(EMBETE_OF_COUNTY)
    assert len(registry.data.embeter) == 10


def test_every_municipality_has_the_embete_of_its_county(registry: Registry) -> None:
    for entry in registry.entries:
        county = registry.county(entry)
        assert entry.number[:2] == entry.county
        assert registry.embete(entry).nb == EMBETE_OF_COUNTY[county.name], entry


def test_every_embete_is_named_in_nb_nn_and_en(registry: Registry) -> None:
    for embete in registry.data.embeter.values():
        place = embete.nb.removeprefix("Statsforvalteren i ")
        assert embete.nn == f"Statsforvaltaren i {place}"
        assert embete.en.startswith("County Governor of ")
        assert "Statsforvalter" not in embete.en


@pytest.mark.parametrize(("number", "name", "county", "embete"), [
    ("0301", "Oslo", "Oslo", "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus"),
    ("5501", "Tromsø", "Troms", "Statsforvalteren i Troms og Finnmark"),
    ("4601", "Bergen", "Vestland", "Statsforvalteren i Vestland"),
    ("5001", "Trondheim", "Trøndelag", "Statsforvalteren i Trøndelag"),
    ("1145", "Bokn", "Rogaland", "Statsforvalteren i Rogaland"),
    ("4627", "Askøy", "Vestland", "Statsforvalteren i Vestland"),
    ("3201", "Bærum", "Akershus", "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus"),
    ("3905", "Tønsberg", "Vestfold", "Statsforvalteren i Vestfold og Telemark"),
    ("1580", "Haram", "Møre og Romsdal", "Statsforvalteren i Møre og Romsdal"),
    ("1508", "Ålesund", "Møre og Romsdal", "Statsforvalteren i Møre og Romsdal"),
])
def test_known_facts(registry: Registry, number: str, name: str, county: str,
                     embete: str) -> None:
    entry = registry.by_number[number]
    assert (entry.name, registry.county(entry).name, registry.embete(entry).nb) == \
        (name, county, embete)


@pytest.mark.parametrize(("number", "forms", "sami_area"), [
    ("5612", {"se": "Guovdageaidnu"}, True),     # Kautokeino
    ("5610", {"se": "Kárášjohka"}, True),        # Karasjok
    ("5622", {"se": "Porsáŋgu", "fkv": "Porsanki"}, True),  # Porsanger
    ("5025", {"sma": "Rosse"}, True),            # Røros
    ("1875", {"smj": "Hábmer"}, True),           # Hamarøy
    ("5001", {"sma": "Tråante"}, False),         # Trondheim
    ("4601", {}, False),                         # Bergen
])
def test_sami_and_kven_names(registry: Registry, number: str, forms: dict[str, str],
                             sami_area: bool) -> None:
    entry = registry.by_number[number]
    assert dict(entry.other_names) == forms
    assert entry.sami_area is sami_area


def test_lookup_by_id_or_number(registry: Registry) -> None:
    assert registry.find("4601") is registry.find("bergen") is registry.find(" Bergen ")
    assert registry.find("kautokeino") is registry.by_number["5612"]
    assert registry.find("9999") is None


def test_norwegian_order() -> None:
    names = ["Ås", "Øksnes", "Ærø", "Aarborte", "Zeta", "Ålesund", "Ávži", "Oslo"]
    assert sorted(names, key=norwegian_key) == [
        "Aarborte", "Ávži", "Oslo", "Zeta", "Ærø", "Øksnes", "Ålesund", "Ås"]


def test_the_statsforvalter_in_nynorsk_and_english(registry: Registry) -> None:
    bokn = next(p for p in places(registry, []) if p.id == "bokn")
    assert bokn.statsforvalter_name("nn") == "Statsforvaltaren i Rogaland"
    assert bokn.statsforvalter_name("en") == "County Governor of Rogaland"
    assert bokn.statsforvalter_name("nb") == "Statsforvalteren i Rogaland"


def test_the_register_file_names_its_sources_with_dates_and_licences(
        registry: Registry) -> None:
    source = registry.data.source
    assert source.structure_valid_from == dt.date(2024, 1, 1)
    licences = " ".join(s.licence for s in source.sources)
    assert "NLOD" in licences and "CC BY 4.0" in licences


# --- curated files checked against the register -----------------------------

def curated(**changes: str) -> str:
    """The example file made into Trondheim's, with `changes` to top-level lines."""
    text = EXAMPLE.replace('number: "0000"', 'number: "5001"').replace(
        "id: eksempel", "id: trondheim").replace("name: Eksempel", "name: Trondheim")
    extra = "".join(f"{key}: {value}\n" for key, value in changes.items())
    return text.replace("written_standard: nn", extra + "written_standard: nn")


def check(tmp_path: Path, registry: Registry, text: str, name: str = "trondheim.yaml"
          ) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    load_municipalities([path], problems, as_of=AS_OF, page_ids=PAGES,
                        complaint_weeks=complaint_weeks_by_law, root=tmp_path,
                        registry=registry)
    return [p.format() for p in problems]


def test_a_curated_file_without_county_and_statsforvalter_is_clean(
        tmp_path: Path, registry: Registry) -> None:
    assert check(tmp_path, registry, curated()) == []


def test_the_old_fields_given_right_are_a_deprecation_warning(
        tmp_path: Path, registry: Registry) -> None:
    out = check(tmp_path, registry, curated(
        county="Trøndelag", statsforvalter="{name: Statsforvalteren i Trøndelag}"))
    assert out == [
        "trondheim.yaml:19:9 county: warning: county is now taken from the register of "
        "municipalities (remove this line)",
        "trondheim.yaml:20:17 statsforvalter: warning: statsforvalter is now taken from the "
        "register of municipalities (Statsforvalteren i Trøndelag) (remove this block)"]


def test_trondelag_with_the_vestland_embete(tmp_path: Path, registry: Registry) -> None:
    out = check(tmp_path, registry, curated(
        statsforvalter="{name: Statsforvalteren i Vestland}"))
    assert out == [
        "trondheim.yaml:19:24 statsforvalter.name: complaints from Trondheim (Trøndelag) go "
        "to Statsforvalteren i Trøndelag, not 'Statsforvalteren i Vestland' (remove the "
        "statsforvalter block: the register gives the right embete)"]


def test_a_county_that_does_not_match_the_number(tmp_path: Path, registry: Registry) -> None:
    out = check(tmp_path, registry, curated(county="Rogaland"))
    assert out == ["trondheim.yaml:19:9 county: county Rogaland does not match the number "
                   "5001: Trondheim is in Trøndelag (remove the county line: the register "
                   "gives it)"]


def test_an_abolished_county(tmp_path: Path, registry: Registry) -> None:
    out = check(tmp_path, registry, curated(county="Sør-Trøndelag"))
    assert out == ["trondheim.yaml:19:9 county: Sør-Trøndelag has not been a county since "
                   "2017-12-31; Trondheim is in Trøndelag (remove the county line: the "
                   "register gives it)"]


def test_bergens_number_on_trondheim(tmp_path: Path, registry: Registry) -> None:
    out = check(tmp_path, registry, curated().replace('"5001"', '"4601"'))
    assert out == ["trondheim.yaml:12:9 number: the number 4601 is Bergen's, not "
                   "Trondheim's (Trondheim's number is '5001')"]


def test_a_number_no_municipality_has(tmp_path: Path, registry: Registry) -> None:
    out = check(tmp_path, registry, curated().replace('"5001"', '"5099"'))
    assert out == ["trondheim.yaml:12:9 number: no municipality in the register has the "
                   "number 5099 (use your kommunenummer, like '4601' for Bergen or '1145' "
                   "for Bokn)"]


def test_an_id_that_is_not_the_registers(tmp_path: Path, registry: Registry) -> None:
    text = curated().replace("id: trondheim", "id: trondhjem")
    out = check(tmp_path, registry, text, name="trondhjem.yaml")
    assert out == ["trondhjem.yaml:11:5 id: the register's id for 5001 Trondheim is "
                   "'trondheim', not 'trondhjem' (name the file trondheim.yaml and set id: "
                   "trondheim)"]


@pytest.mark.parametrize(("url", "message"), [
    ("https://www.trondheim.kommune.no/klage/",
     "'https://www.trondheim.kommune.no/klage/' is not an address of Statsforvalteren i "
     "Trøndelag; the Statsforvalter's pages are on https://www.statsforvalteren.no/"),
    ("https://www.statsforvalteren.no/vestland/",
     "'https://www.statsforvalteren.no/vestland/' is not the page of Statsforvalteren i "
     "Trøndelag"),
])
def test_a_web_address_that_is_not_the_embetes(tmp_path: Path, registry: Registry, url: str,
                                                message: str) -> None:
    out = check(tmp_path, registry, curated(
        statsforvalter=f"{{name: Statsforvalteren i Trøndelag, url: '{url}'}}"))
    assert [line for line in out if "statsforvalter.url" in line] == [
        f"trondheim.yaml:19:59 statsforvalter.url: {message} " + (
            "(remove the url, or give the embete's own page on www.statsforvalteren.no)"
            if "kommune" in url else "(remove the url: the register gives it)")]


def test_the_embetes_own_address_is_accepted(tmp_path: Path, registry: Registry) -> None:
    text = EXAMPLE.replace('number: "0000"', 'number: "1145"').replace(
        "id: eksempel", "id: bokn").replace("name: Eksempel", "name: Bokn").replace(
        "written_standard: nn", "statsforvalter: {name: Statsforvalteren i Rogaland, url: "
        "'https://www.statsforvalteren.no/rogaland/'}\nwritten_standard: nn")
    out = check(tmp_path, registry, text, name="bokn.yaml")
    assert len(out) == 1 and "warning: statsforvalter is now taken from the register" in out[0]


def test_a_personal_email_is_a_warning_naming_the_rule(tmp_path: Path,
                                                       registry: Registry) -> None:
    text = curated().replace("postmottak@eksempel.kommune.no",
                             "ola.nordmann@trondheim.kommune.no")
    out = check(tmp_path, registry, text)
    assert out == ["trondheim.yaml:28:10 unit.email: warning: "
                   "'ola.nordmann@trondheim.kommune.no' looks like a person's address; "
                   "contacts are units, never persons (use the unit's shared address, like "
                   "postmottak@kommune.no or koordinerende.enhet@kommune.no)"]
    for functional in ("koordinerende.enhet@x.no", "postmottak@x.no", "tildelingskontoret@x.no",
                       "helse.omsorg@x.no"):
        assert check(tmp_path, registry, curated().replace(
            "postmottak@eksempel.kommune.no", functional)) == [], functional


def test_a_localised_field_missing_a_language_is_a_warning(tmp_path: Path,
                                                          registry: Registry) -> None:
    text = curated().replace("    nn: Koordinerande eining\n", "", 1)
    out = check(tmp_path, registry, text)
    assert out == ["trondheim.yaml:23:5 unit.name: warning: no 'nn' text: pages in Norsk nynorsk "
                   "show another language here (add nn: with the text in Norsk nynorsk)"]


# --- refresh -----------------------------------------------------------------

def _snapshot(tmp_path: Path, name: str, edit: object = None) -> Path:
    data = yaml.safe_load((ROOT / REGISTRY_FILE).read_text(encoding="utf-8"))
    if callable(edit):
        edit(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def _content(tmp_path: Path, curated_ids: tuple[str, ...] = ("askoy", "bokn")) -> Path:
    content = tmp_path / "content"
    (content / "registry").mkdir(parents=True)
    (content / "municipalities").mkdir()
    (content / "registry" / "municipalities.yaml").write_bytes(
        (ROOT / REGISTRY_FILE).read_bytes())
    for ident in curated_ids:
        (content / "municipalities" / f"{ident}.yaml").write_text("id: x\n", encoding="utf-8")
    return content


def _load(path: Path) -> Registry:
    problems = Problems()
    loaded = load_registry(path, problems)
    assert loaded is not None, [p.format() for p in problems]
    return loaded


def _as_2023(data: dict[str, object]) -> None:
    """Before 2024: Haram part of Ålesund (1507); Tromsø in Troms og Finnmark (54)."""
    rows = data["municipalities"]
    assert isinstance(rows, list)
    rows[:] = [r for r in rows if r["number"] != "1580"]
    for r in rows:
        if r["number"] == "1508":
            r["number"] = "1507"
            r["other_names"] = {"se": "Haram"}  # a stand-in to link the parts
        if r["number"] == "5501":
            r["number"], r["county"] = "5401", "54"
    counties = data["counties"]
    assert isinstance(counties, dict)
    counties["54"] = {"name": "Troms og Finnmark", "embete": "troms-finnmark"}


def test_compare_reports_new_renumbered_and_moved(tmp_path: Path) -> None:
    old = _load(_snapshot(tmp_path, "old.yaml", _as_2023))
    new = _load(ROOT / REGISTRY_FILE)
    lines = compare(old, new).lines()
    assert "new number: 5401 Tromsø -> 5501" in lines
    assert "moved to another county: 5401 Tromsø: 54 -> 55" in lines
    assert "new number: 1507 Ålesund -> 1508" in lines
    assert any(line.startswith("split: 1507 Ålesund -> ") and "1580 Haram" in line
               for line in lines), lines


def test_compare_reports_a_merge_and_a_rename(tmp_path: Path) -> None:
    def edit(data: dict[str, list[dict[str, object]]]) -> None:
        rows = data["municipalities"]
        rows[:] = [r for r in rows if r["number"] not in ("1811", "1812")]  # Bindal, Sømna
        rows.append({"number": "1899", "id": "bindal-og-somna", "name": "Bindal og Sømna",
                     "county": "18"})
        for r in rows:
            if r["number"] == "1815":
                r["name"] = "Vega øy"
    new = _load(_snapshot(tmp_path, "new.yaml", edit))
    lines = compare(_load(ROOT / REGISTRY_FILE), new).lines()
    assert "merged: 1811 Bindal, 1812 Sømna -> 1899 Bindal og Sømna" in lines
    assert "renamed: 1815 Vega -> Vega øy" in lines


def test_refresh_replaces_the_file_and_reports(tmp_path: Path) -> None:
    content = _content(tmp_path)

    def edit(data: dict[str, list[dict[str, object]]]) -> None:
        for r in data["municipalities"]:
            if r["number"] == "1815":
                r["name"] = "Vega øy"
    new_file = _snapshot(tmp_path, "new.yaml", edit)
    out, err = io.StringIO(), io.StringIO()
    assert refresh(new_file, content_dir=content, out=out, err=err) == 0
    assert "renamed: 1815 Vega -> Vega øy" in out.getvalue()
    target = content / "registry" / "municipalities.yaml"
    assert target.read_bytes() == new_file.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["municipalities.yaml"]


def test_refresh_refuses_to_orphan_a_curated_file(tmp_path: Path) -> None:
    content = _content(tmp_path)
    target = content / "registry" / "municipalities.yaml"
    before = target.read_bytes()

    def edit(data: dict[str, list[dict[str, object]]]) -> None:
        data["municipalities"] = [r for r in data["municipalities"] if r["id"] != "bokn"]
    out, err = io.StringIO(), io.StringIO()
    assert refresh(_snapshot(tmp_path, "new.yaml", edit), content_dir=content, out=out,
                   err=err) == 1
    assert "content/municipalities/bokn.yaml: the new snapshot has no municipality with " \
        "the id 'bokn'" in err.getvalue()
    assert "nothing was changed" in err.getvalue()
    assert target.read_bytes() == before


def test_refresh_refuses_an_invalid_snapshot(tmp_path: Path) -> None:
    content = _content(tmp_path)
    target = content / "registry" / "municipalities.yaml"
    before = target.read_bytes()

    def edit(data: dict[str, list[dict[str, object]]]) -> None:
        data["municipalities"][0]["county"] = "99"
    out, err = io.StringIO(), io.StringIO()
    assert refresh(_snapshot(tmp_path, "new.yaml", edit), content_dir=content, out=out,
                   err=err) == 1
    assert "does not match the number 0301" in err.getvalue()
    assert target.read_bytes() == before


def test_the_severity_of_register_problems_is_error(tmp_path: Path,
                                                    registry: Registry) -> None:
    path = tmp_path / "trondheim.yaml"
    path.write_text(curated(county="Sør-Trøndelag"), encoding="utf-8")
    problems = Problems()
    load_municipalities([path], problems, as_of=AS_OF, page_ids=PAGES,
                        complaint_weeks=complaint_weeks_by_law, root=tmp_path,
                        registry=registry)
    assert [p.severity for p in problems] == [Severity.ERROR]
