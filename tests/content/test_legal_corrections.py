"""The December legal review (issue 14): what the service texts must and must not say.

Each test fails on the texts as they were before the review:

- E2: the deadline restarts after a request for reasons only for a NAV decision
  that came without reasons (fvl § 29 third paragraph); never in general, and
  never for pbrl chapter 2 decisions (pbrl § 2-7);
- E3: no text promises a written vedtak as a certainty, and every page about
  the three rights says a person can complain without a written decision;
- E4: the klage page sends NAV decisions to the NAV office that decided;
- E5: the individual-plan criteria count health and care services only, and
  say it in the same words wherever they are summed up;
- L1, L2, L3, L5: the small wording fixes;
- the next-steps pages exist in every language, with sources and a checked date.

The last tests read the built site (the session fixtures in tests/conftest.py):
no English theme words on nb and nn pages, en-GB on English pages, and the
complaint box naming the NAV office on a municipality's site.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from content_pages import LANGS, SERVICES, Page, load_page, page_ids, sentences

from sitegen.readability import plain_text

NEXT_STEPS = ("hjelp-til-a-klage", "barnets-rettigheter", "stotte-til-familien", "innsyn",
              "sykehuset")
NEXT_STEPS_CHECKED = dt.date(2026, 12, 2)
RIGHTS_PAGES = ("be-om-hjelp", "individuell-plan", "koordinator", "barnekoordinator", "klage")


def _page(page_id: str, lang: str) -> Page:
    if not (SERVICES / page_id / f"{lang}.md").exists():
        pytest.fail(f"missing page: content/services/{page_id}/{lang}.md")
    return load_page(page_id, lang)


def _paragraphs(page: Page) -> list[str]:
    """Paragraphs, headings and list items of the running text (plain_text keeps one per line)."""
    return [p for p in plain_text(page.body).split("\n") if p.strip()]


# --------------------------------------------------------------------------
# E2: fvl § 29 third paragraph

RESTART = re.compile(r"\b(?:begynner|starter|byrjar|startar|starts?)\b[^.]*?"
                     r"(?:på nytt|again)", re.IGNORECASE)
NEGATED = re.compile(r"\b(?:ikke|ikkje|not)\b", re.IGNORECASE)
NAV = re.compile(r"\bNAV\b")
WITHOUT_REASONS = re.compile(r"uten begrunnelse|utan grunngiving|without reasons", re.IGNORECASE)


@pytest.mark.parametrize("page_id", page_ids())
@pytest.mark.parametrize("lang", LANGS)
def test_a_restarted_deadline_is_only_for_nav_decisions_without_reasons(
        page_id: str, lang: str) -> None:
    if page_id in {"sjekk", "kommuner"}:
        return
    page = _page(page_id, lang)
    for paragraph in _paragraphs(page):
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            if not RESTART.search(sentence) or NEGATED.search(sentence):
                continue
            assert NAV.search(paragraph) and WITHOUT_REASONS.search(paragraph), (
                f"{page.name}: the deadline restarts only for a NAV decision that came "
                f"without reasons (fvl § 29 third paragraph; not for pbrl chapter 2, "
                f"pbrl § 2-7): {paragraph!r}")


@pytest.mark.parametrize("lang", LANGS)
def test_klage_says_a_health_decision_does_not_restart_the_deadline(lang: str) -> None:
    negated = [p for p in _paragraphs(_page("klage", lang))
               if RESTART.search(p) and NEGATED.search(p) and re.search(
                   r"kommunen|municipality", p) and not NAV.search(p)]
    assert negated, (f"klage/{lang}: say that asking for reasons does not restart the deadline "
                     f"for plan, koordinator or barnekoordinator from the municipality")


# --------------------------------------------------------------------------
# E3: no written vedtak promised; a complaint without one

PROMISED_VEDTAK = re.compile(
    r"(?:får|fekk|get) (?:the )?svar(?:et)? i (?:et|eit) vedtak"
    r"|svaret kjem(?:mer)? i (?:et|eit) vedtak|svaret kommer i et vedtak"
    r"|vedtaket skal (?:si|seie)|der skal det stå|it must say how long"
    r"|you get the answer in a decision|the answer comes as a decision"
    r"|du får svar i (?:et|eit) skriftl\w+ vedtak|you get a written decision"
    r"|svaret på (?:en|ein) søknad kj?[eo]m\w* i (?:et|eit) vedtak"
    r"|the answer to a request comes as a decision",
    re.IGNORECASE)
WITHOUT_WRITTEN = re.compile(
    r"klage (?:selv|sjølv) om (?:du|de|dere) ikk(?:e|je) har fått (?:et|eit) skriftl\w+ vedtak"
    r"|complain even if you have not had a written decision",
    re.IGNORECASE)


@pytest.mark.parametrize("page_id", [*RIGHTS_PAGES, "rettigheter-og-plikter", "for-fagfolk"])
@pytest.mark.parametrize("lang", LANGS)
def test_no_text_promises_a_written_vedtak(page_id: str, lang: str) -> None:
    page = _page(page_id, lang)
    for sentence in sentences(page):
        assert not PROMISED_VEDTAK.search(sentence), (
            f"{page.name}: pbrl § 2-7 sets aside fvl chapters IV and V for these rights; say "
            f"what the municipality should do, not that a vedtak is certain: {sentence!r}")


@pytest.mark.parametrize("page_id", [*RIGHTS_PAGES, "hjelp-til-a-klage"])
@pytest.mark.parametrize("lang", LANGS)
def test_rights_pages_say_you_can_complain_without_a_written_decision(
        page_id: str, lang: str) -> None:
    text = plain_text(_page(page_id, lang).body)
    assert WITHOUT_WRITTEN.search(" ".join(text.split())), (
        f"{page_id}/{lang}: say that a person can complain without a written decision "
        f"(pbrl § 7-2)")


# --------------------------------------------------------------------------
# E4: NAV decisions go to the NAV office

NAV_OFFICE = re.compile(r"NAV-kontoret som (?:laget|laga|gjorde) vedtaket"
                        r"|NAV office that made the decision")


@pytest.mark.parametrize("lang", LANGS)
def test_klage_sends_nav_decisions_to_the_nav_office(lang: str) -> None:
    page = _page("klage", lang)
    where = plain_text(page.body.split("## ", 2)[1])  # the first section: where to send it
    assert NAV_OFFICE.search(" ".join(where.split())), (
        f"klage/{lang}: the first section must send NAV decisions to the NAV office that "
        f"made the decision, not to the municipality's health unit")


# --------------------------------------------------------------------------
# E5: two health and care services; other sectors are part of the assessment

NOT_ONE_OF_TWO = {"nb": "teller ikke som en av de to", "nn": "tel ikkje som ei av dei to",
                  "en": "does not count as one of the two"}
OTHER_SECTOR = re.compile(r"\b(?:skole|skule|school|NAV)\b")
EXAMPLE = re.compile(r"for eksempel|til dømes|for example", re.IGNORECASE)


@pytest.mark.parametrize("page_id", ["individuell-plan", "rettigheter-og-plikter",
                                     "for-fagfolk"])
@pytest.mark.parametrize("lang", LANGS)
def test_individual_plan_counts_health_and_care_services_only(page_id: str, lang: str) -> None:
    page = _page(page_id, lang)
    text = " ".join(plain_text(page.body).split())
    assert NOT_ONE_OF_TWO[lang] in text, (
        f"{page.name}: say, in the same words everywhere, that school, kindergarten, NAV or "
        f"child welfare does not count as one of the two services: {NOT_ONE_OF_TWO[lang]!r}")
    for sentence in sentences(page):
        if EXAMPLE.search(sentence) and OTHER_SECTOR.search(sentence):
            assert NOT_ONE_OF_TWO[lang] in sentence, (
                f"{page.name}: school or NAV given as an example of the services that count "
                f"for an individual plan: {sentence!r}")


# --------------------------------------------------------------------------
# L1, L2, L3, L5

AGE_FREE = re.compile(r"uansett alder|same kva alder|whatever your age|regardless of age",
                      re.IGNORECASE)


@pytest.mark.parametrize("page_id", ["index", "for-fagfolk"])
@pytest.mark.parametrize("lang", LANGS)
def test_l1_age_free_rights_are_named(page_id: str, lang: str) -> None:
    page = _page(page_id, lang)
    for sentence in sentences(page):
        if AGE_FREE.search(sentence):
            assert re.search(r"\bplan\b", sentence, re.IGNORECASE), (
                f"{page.name}: the barnekoordinator right has an age limit; name the rights "
                f"that have none: {sentence!r}")


@pytest.mark.parametrize("lang", LANGS)
def test_l2_rights_summary_lists_every_barnekoordinator_condition(lang: str) -> None:
    body = _page("rettigheter-og-plikter", lang).body
    item = next(line for line in body.splitlines() if "(barnekoordinator.md)" in line)
    for pattern in (r"funksjonsevne|disability", r"andre tjenester|andre tenester|"
                    r"other welfare services", r"ønsker|ønskjer|wants",
                    r"helse- og omsorg|health and care"):
        assert re.search(pattern, item), f"rettigheter-og-plikter/{lang}: {pattern!r} missing"


HOSPITAL = re.compile(r"sykehus|sjukehus|hospital", re.IGNORECASE)
ONLY = re.compile(r"\b(?:bare|berre|only)\b", re.IGNORECASE)


@pytest.mark.parametrize("page_id", [p for p in page_ids() if p not in {"sjekk", "kommuner"}])
@pytest.mark.parametrize("lang", LANGS)
def test_l3_no_barnekoordinator_from_the_hospital(page_id: str, lang: str) -> None:
    page = _page(page_id, lang)
    for sentence in sentences(page):
        if re.search(r"barnekoordinator|child coordinator", sentence, re.IGNORECASE) and \
                HOSPITAL.search(sentence):
            assert ONLY.search(sentence), (
                f"{page.name}: only municipalities appoint barnekoordinatorer: {sentence!r}")


ONE_MONTH_ANSWER = re.compile(r"svar innen en måned|svar innan ein månad|"
                              r"answer within one month|get an answer within", re.IGNORECASE)


@pytest.mark.parametrize("lang", LANGS)
def test_l5_no_answer_within_one_month_rule(lang: str) -> None:
    page = _page("be-om-hjelp", lang)
    assert not ONE_MONTH_ANSWER.search(page.raw), (
        f"{page.name}: fvl § 11 a asks for a decision without undue delay and an interim "
        f"reply after one month, not an answer within a month")
    assert re.search(r"foreløpig svar|førebels svar|interim reply", page.raw)


# --------------------------------------------------------------------------
# the next-steps pages


@pytest.mark.parametrize("page_id", NEXT_STEPS)
def test_next_steps_pages_exist_with_sources_and_checked_date(page_id: str) -> None:
    assert page_id in page_ids(), f"{page_id} is not in content/services/pages.yaml"
    for lang in LANGS:
        page = _page(page_id, lang)
        assert page.meta.get("checked") == NEXT_STEPS_CHECKED, page.name
        urls = [s["url"] for s in page.meta.get("sources") or []]
        assert len([u for u in urls if u.startswith("https://lovdata.no/")]) >= 3, page.name


def test_next_steps_pages_come_after_the_complaint_page() -> None:
    order = page_ids()
    assert order.index("hjelp-til-a-klage") == order.index("klage") + 1


@pytest.mark.parametrize("lang", LANGS)
def test_help_to_complain_names_the_ombud_and_the_duty_to_help(lang: str) -> None:
    page = _page("hjelp-til-a-klage", lang)
    text = " ".join(plain_text(page.body).split())
    assert re.search(r"Pasient- og bruker?ombud|Pasient- og brukarombod|Ombudsman", text)
    assert re.search(r"gratis|free of charge", text)
    assert "https://lovdata.no/lov/1967-02-10/§11" in page.raw  # fvl § 11


# --------------------------------------------------------------------------
# the built site: theme words and the complaint box

ENGLISH_THEME = ('aria-label="Header"', 'aria-label="Footer"', "404 - Not found",
                 'alt="logo"', "Initializing search", "Type to start searching")


def _html(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if "pyodide" not in p.parts)


def test_nb_and_nn_pages_carry_no_english_theme_words(national_site: Path) -> None:
    checked = 0
    for path in _html(national_site):
        rel = path.relative_to(national_site)
        if rel.parts[0] == "en":
            continue
        text = path.read_text(encoding="utf-8")
        if not re.search(r'<html lang="(?:nb|nn)"', text):
            continue
        checked += 1
        for word in ENGLISH_THEME:
            assert word not in text, f"{rel}: English theme text {word!r}"
    assert checked > 30
    not_found = (national_site / "nn" / "404.html").read_text(encoding="utf-8")
    assert "<h1>Fann ikkje sida</h1>" in not_found


def test_english_pages_use_british_spelling(national_site: Path) -> None:
    page = (national_site / "en" / "klage" / "index.html").read_text(encoding="utf-8")
    assert "Initialising search" in page
    assert "Initializing" not in page


@pytest.mark.parametrize(("prefix", "unit", "nav"), [
    ("", "Askøy kommune, Helse og omsorg", "Send klagen til NAV-kontoret som laget vedtaket"),
    ("nn/", "Askøy kommune, Helse og omsorg", "Send klagen til NAV-kontoret som gjorde vedtaket"),
    ("en/", "Askøy municipality, Health and care",
     "Send your complaint to the NAV office that made the decision"),
])
def test_complaint_box_separates_the_nav_route(askoy_site: Path, prefix: str, unit: str,
                                               nav: str) -> None:
    page = (askoy_site / prefix / "klage" / "index.html").read_text(encoding="utf-8")
    box = re.search(r'<section class="k-local k-complaint".*?</section>', page, re.DOTALL)
    assert box, "no complaint box on the klage page"
    html = box.group(0)
    assert unit in html and nav in html
    # the NAV route has its own heading, after the municipality's address
    headings = re.findall(r"<h3>(.*?)</h3>", html)
    assert len(headings) == 2 and "NAV" in headings[1] and "NAV" not in headings[0]
    assert html.index(unit) < html.index(headings[1]) < html.index(nav)
