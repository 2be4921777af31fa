"""All 357 municipalities in the browser: the directory's filter finds any
official name form or number, and the checker offers every municipality,
with the register's next steps for one that has no file of its own."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.support import Session, assert_clean
from tests.browser.test_checker_page import _complaint_result, open_checker

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("query", "first"), [
    ("guovdageaidnu", "Kautokeino"),   # the Northern Sámi name
    ("5612", "Kautokeino"),            # the number
    ("Kárášjohka", "Karasjok"),        # with its accents
    ("karasjohka", "Karasjok"),        # typed without them
    ("tråante", "Trondheim"),          # the Southern Sámi name
    ("4601", "Bergen"),
])
def test_the_directory_filter_finds_any_name_form_and_number(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session], query: str, first: str) -> None:
    base = serve(national_site)
    page = session(base).new_page()
    page.goto(base + "/kommuner/")
    page.get_by_label("Søk etter kommunenavn eller kommunenummer").fill(query)
    visible = page.locator("li[data-k-search]:visible")
    expect(visible).to_have_count(1)
    assert visible.first.inner_text().startswith(first)
    expect(page.locator("#k-filter-status")).to_have_text("1 kommuner vises")
    assert_clean(page)


def test_the_directory_lists_all_in_norwegian_order(national_site: Path) -> None:
    html = (national_site / "kommuner" / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'<li data-k-search="[^"]*"><a href="[^"]*">([^<]+)</a>', html)
    assert len(names) == 357
    firsts = [n[0] for n in names]
    # a-z first (Á and other accented letters among them), then Æ, Ø, Å.
    cut = next(i for i, c in enumerate(firsts) if c in "ÆØÅ")
    assert all(c not in "ÆØÅ" for c in firsts[:cut])
    assert firsts[cut:] == sorted(firsts[cut:], key="ÆØÅ".index)
    assert names[cut:cut + 2] == ["Øksnes", "Ørland"]
    assert names.index("Ål") < names.index("Ålesund") < names.index("Ås")
    # and the same inside a name: y, z, then æ, ø, å
    assert names.index("Bykle") < names.index("Bærum") < names.index("Bø") \
        < names.index("Bømlo") < names.index("Båtsfjord")


def test_the_checker_offers_all_357_and_the_register_route_for_one(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    page = open_checker(session(base), base, "nn")
    form = _complaint_result(page)
    select = form.locator("[data-k-muni-select]")
    expect(select.locator("option")).to_have_count(358)  # the empty choice and 357
    select.select_option("tromso")
    target = form.locator("[data-k-muni-part=complaint] [data-k-muni-target]")
    expect(target).to_contain_text("Send klagen til den i Tromsø kommune som gjorde vedtaket.")
    expect(target).to_contain_text("4 veker")
    expect(target).to_contain_text("Statsforvaltaren i Troms og Finnmark")
    assert target.locator("a[href^='tel:'], a[href^='mailto:']").count() == 0
    assert_clean(page)
