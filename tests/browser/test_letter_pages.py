"""The letter templates without JavaScript (sjekk/brev/) in Chromium: on the
national site (addressee left blank) and on Askøy's own site (its unit from its
file). No script on the pages, axe clean, the skip link is the first stop for
the keyboard, nothing but local GET requests, and printed on one A4 page with no
site chrome."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser.support import Session, assert_clean, run_axe

pytestmark = pytest.mark.browser

LETTERS = ("be-om", "klage", "klage-uten-vedtak")
PREFIX = {"nb": "", "nn": "/nn", "en": "/en"}


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_letter_pages_national(national_site: Path, serve: Callable[[Path], str],
                               session: Callable[..., Session], lang: str) -> None:
    base = serve(national_site)
    s = session(base)
    page = s.new_page()
    methods: list[str] = []
    page.on("request", lambda r: methods.append(r.method))
    page.goto(f"{base}{PREFIX[lang]}/sjekk/brev/")
    assert page.evaluate("document.documentElement.lang") == lang
    links = page.locator(".k-letter-list a")
    assert links.count() == len(LETTERS)
    assert run_axe(page) == []
    for slug in LETTERS:
        page.goto(f"{base}{PREFIX[lang]}/sjekk/brev/{slug}/")
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator("script").count() == 0
        letter = page.locator("#k-letter")
        # The letter to send is Norwegian on the English pages too.
        assert letter.get_attribute("lang") == ("nb" if lang == "en" else lang)
        # The labels of the blanks are in the page's language, marked as such.
        hidden = page.locator("#k-letter .k-blank .k-visually-hidden").first
        assert hidden.get_attribute("lang") == ("en" if lang == "en" else None)
        # No municipality chosen: the addressee is lines to fill in.
        assert page.locator("#k-letter .k-letter__addressee .k-blank").count() == 3
        assert page.locator("#k-letter .k-letter__signature .k-blank").count() == 2
        assert run_axe(page) == [], slug
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "k-skip"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "k-letter"
        # Printed: the letter alone, on one A4 page.
        page.emulate_media(media="print")
        assert not page.locator(".k-static__header").is_visible()
        assert not page.locator("h1").is_visible()
        assert letter.is_visible()
        assert page.locator(".k-letter__subject").first.is_visible()
        assert _pdf_pages(page.pdf(format="A4", prefer_css_page_size=True)) == 1, slug
        page.emulate_media(media="screen")
        assert_clean(page)
    assert set(methods) == {"GET"}
    assert s.recorder.foreign() == []


def test_complaint_template_names_the_law_and_the_deadline(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    page = session(base).new_page()
    page.goto(base + "/sjekk/brev/klage/")
    letter = page.locator("#k-letter").inner_text()
    assert "Jeg klager etter pasient- og brukerrettighetsloven § 7-2." in letter
    assert "Statsforvalteren" in letter
    intro = page.locator("main > div.k-no-print").inner_text()
    assert "Fristen er 4 uker fra dagen du fikk vedtaket" in intro
    assert "For NAV er fristen 3 uker" in intro
    assert "forvaltningsloven § 28" in intro
    assert "rekommandert" in intro and "forvaltningsloven § 30" in intro
    page.goto(base + "/sjekk/brev/klage-uten-vedtak/")
    letter = page.locator("#k-letter").inner_text()
    assert "Jeg kan klage selv om jeg ikke har fått et skriftlig vedtak." in letter
    assert page.locator("#k-letter .k-letter__choices li").count() == 4


def test_askoy_letters_are_addressed_to_its_unit(
        askoy_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(askoy_site)
    s = session(base)
    page = s.new_page()
    for slug in LETTERS:
        page.goto(f"{base}/sjekk/brev/{slug}/")
        to = page.locator("#k-letter .k-letter__addressee").inner_text().splitlines()
        assert to == ["Askøy kommune, Helse og omsorg", "Klampavikvegen 1", "5300 Kleppestø"]
        assert "Finn kommunen din" not in page.locator("main").inner_text()
        assert run_axe(page) == []
        assert_clean(page)
    page.goto(f"{base}/en/sjekk/brev/be-om/")
    # The Norwegian letter to send has the unit's Norwegian name; the English one its English.
    assert page.locator("#k-letter .k-letter__addressee .k-letter__line").first.inner_text() \
        == "Askøy kommune, Helse og omsorg"
    assert page.locator(".k-letter--reading .k-letter__addressee .k-letter__line").first \
        .inner_text() == "Askøy municipality, Health and care"
    assert s.recorder.foreign() == []


def test_bokn_english_page_prints_the_nynorsk_letter(
        bokn_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(bokn_site)
    page = session(base).new_page()
    page.goto(f"{base}/en/sjekk/brev/klage/")
    letter = page.locator("#k-letter")
    assert letter.get_attribute("lang") == "nn"
    assert "Eg klagar etter pasient- og brukarrettslova § 7-2." in letter.inner_text()
    assert page.locator("#k-letter .k-letter__addressee .k-letter__line").first.inner_text() \
        == "Koordinerande eining i Bokn kommune"
    assert run_axe(page) == []
    assert_clean(page)
