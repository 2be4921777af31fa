"""The checker's pages without JavaScript after the legal review (issue 14): no
"may have the right" without a health and care service (E1), "uncertain" with
the doubt and its source where the law reads two ways (D1, D2), no
kvalifiseringsprogram for children (L6), and the next steps that fit the
answers, linked to their pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from checker import eligibility
from tests.conftest import AS_OF, ROOT

LANGS = [("", "nb"), ("nn/", "nn"), ("en/", "en")]
UI = {lang: yaml.safe_load((ROOT / "content" / "ui" / lang / "checker.yaml").read_text("utf-8"))
      for _, lang in LANGS}


def page(site: Path, prefix: str, tokens: str) -> str:
    path = site / prefix / "sjekk" / "uten-js" / tokens / "index.html"
    assert path.is_file(), path
    return path.read_text(encoding="utf-8")


def outcomes(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-k-programme="([a-z_]+)" data-k-outcome="([a-z_]+)"', html))


def section(html: str, programme: str) -> str:
    match = re.search(rf'<section[^>]*data-k-programme="{programme}".*?</section>', html, re.S)
    assert match, programme
    return match.group(0)


def text(lang: str, key: str) -> str:
    return str(escape(UI[lang][key]))


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_no_health_service_never_says_may_have_a_barnekoordinator(
        national_site: Path, prefix: str, lang: str) -> None:
    """E1: /sjekk/uten-js/expected_child/0/yes/yes/yes/yes/ said "may have the right"."""
    html = page(national_site, prefix, "expected_child/0")
    assert outcomes(html) == {"individuell_plan": "not_eligible", "koordinator": "not_eligible",
                              "barnekoordinator": "not_eligible"}
    assert text(lang, "checker.outcome.barnekoordinator.eligible") not in html
    assert text(lang, "checker.criterion.health_services") in section(html, "barnekoordinator")
    base = national_site / prefix / "sjekk" / "uten-js"
    assert not (base / "expected_child/0/yes").exists()
    # No page reached with "no services" says a barnekoordinator may be a right.
    zero = [p for p in base.rglob("index.html") if "0" in p.relative_to(base).parts]
    assert zero
    for path in zero:
        found = outcomes(path.read_text(encoding="utf-8"))
        assert found.get("barnekoordinator", "not_eligible") == "not_eligible", path


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_one_complex_service_is_uncertain_with_its_doubt(
        national_site: Path, prefix: str, lang: str) -> None:
    """D1: one complex service is neither "yes" nor "no" for a barnekoordinator."""
    html = page(national_site, prefix, "expected_child/1/yes/yes/yes/yes")
    assert outcomes(html)["barnekoordinator"] == "uncertain"
    assert outcomes(html)["koordinator"] == "not_eligible"
    child = section(html, "barnekoordinator")
    assert text(lang, "checker.outcome.barnekoordinator.uncertain") in child
    assert text(lang, "checker.outcome.barnekoordinator.eligible") not in child
    doubt = re.search(r'<p class="k-flag k-flag--doubt">(.*?)</p>', child, re.S)
    assert doubt, child
    assert text(lang, "checker.flag.single_complex_service_uncertain") in doubt.group(1)
    assert 'href="https://lovdata.no/lov/1999-07-02-63/§2-5c"' in doubt.group(1)
    assert child.count(text(lang, "checker.flag.single_complex_service_uncertain")) == 1


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_complex_without_long_term_is_uncertain_for_a_koordinator(
        national_site: Path, prefix: str, lang: str) -> None:
    """D2: a complex need that is not long-term, hol § 7-2 wording in doubt."""
    html = page(national_site, prefix, "self/2_or_more/no/yes/no")
    assert outcomes(html)["koordinator"] == "uncertain"
    part = section(html, "koordinator")
    assert text(lang, "checker.outcome.koordinator.uncertain") in part
    assert text(lang, "checker.flag.hol_wording_uncertain") in part
    assert 'href="https://lovdata.no/lov/2011-06-24-30/§7-2"' in part
    # Long-term needs: the doubt cannot decide, so it is not shown.
    long_term = page(national_site, prefix, "self/2_or_more/yes")
    assert outcomes(long_term)["koordinator"] == "eligible"
    assert text(lang, "checker.flag.hol_wording_uncertain") not in long_term


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_a_childs_result_does_not_list_the_qualification_programme(
        national_site: Path, prefix: str, lang: str) -> None:
    """L6: "Personen er med i kvalifiseringsprogrammet – Ikke oppfylt" for a child."""
    kvp = text(lang, "checker.criterion.qualification_programme")
    for tokens in ("expected_child/0", "expected_child/1/yes/no", "child/under_18/1/yes/no"):
        html = page(national_site, prefix, tokens)
        assert outcomes(html)["individuell_plan"] == "not_eligible", tokens
        assert kvp not in html, tokens
    adult = page(national_site, prefix, "self/1/yes/no")
    assert kvp in section(adult, "individuell_plan")


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_the_result_links_the_next_steps_that_fit(
        national_site: Path, prefix: str, lang: str) -> None:
    pages = eligibility.next_step_pages(AS_OF)

    def steps(tokens: str) -> list[tuple[str, str, str]]:
        html = page(national_site, prefix, tokens)
        depth = 2 + len(tokens.split("/"))
        found = re.findall(r'<a href="([^"]+)" data-k-next-step="([a-z_]+)">([^<]+)</a>', html)
        for href, key, label in found:
            assert href == "../" * depth + pages[key] + "/", (tokens, href)
            assert label == text(lang, f"checker.next_step.{key}")
        return found

    family = ["complaint_help", "child_rights", "family_support", "documents"]
    assert [k for _, k, _ in steps("expected_child/0")] == family
    assert [k for _, k, _ in steps("expected_child/1/yes/yes/yes/yes")] == [*family, "hospital"]
    assert [k for _, k, _ in steps("self/2_or_more/yes")] == ["complaint_help", "documents"]
    assert [k for _, k, _ in steps("self/2_or_more/no/yes/no")] == [
        "complaint_help", "documents", "hospital"]
    # A question page has none.
    assert "data-k-next-step" not in page(national_site, prefix, "expected_child")


@pytest.mark.parametrize(("prefix", "lang"), LANGS)
def test_the_scripted_page_gets_the_next_step_pages(
        national_site: Path, prefix: str, lang: str) -> None:
    html = (national_site / prefix / "sjekk" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="k-checker-data">(.*?)</script>',
                      html, re.S)
    assert block
    data = json.loads(block.group(1))
    assert data["next_step_pages"] == {
        "complaint_help": "hjelp-til-a-klage", "child_rights": "barnets-rettigheter",
        "family_support": "stotte-til-familien", "documents": "innsyn",
        "hospital": "sykehuset"}
    for key in data["next_step_pages"]:
        assert data["strings"][f"checker.next_step.{key}"] == UI[lang][f"checker.next_step.{key}"]
    for route in ("municipality", "nav_office"):
        assert data["strings"][f"checker.complaint.in_time.{route}"]
        assert data["strings"][f"checker.ics.description.{route}"]
