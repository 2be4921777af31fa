"""Accessibility of every page kind, every site shape, every language (see conftest.crawl).

The crawl opens one page per structure (structure.py; every page with
`make test-full`). axe-core with the WCAG 2.1 A and AA rules must find
nothing, at 1280 px and at 390 px; the first Tab
stop is a visible skip link with a focus ring that leads somewhere; pages
reflow without horizontal scrolling at 640 px (a 1280 px window at 200 %
zoom) and at 320 px (WCAG 1.4.10); Tabbing through whole pages shows a focus
indicator at every stop.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.quality.conftest import Crawl, PageResult
from tests.quality.structure import full_crawl

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _report(lines: list[str], what: str) -> str:
    return f"{len(lines)} page(s) {what}:\n" + "\n".join(lines[:60])


def _built_pages(site: Path) -> set[str]:
    """Every HTML file of a built site, as the path a browser asks for."""
    found = set()
    for folder, _, files in os.walk(site):
        rel = Path(folder).relative_to(site).as_posix()
        prefix = "/" if rel == "." else f"/{rel}/"
        for file in files:
            if file.endswith(".html"):
                found.add(prefix if file == "index.html" else prefix + file)
    return found


def test_every_page_kind_was_opened(crawl: Crawl, sites: dict[str, Path]) -> None:
    failed = [f"{p.site} {p.path}: {p.error}" for p in crawl.pages if p.error]
    assert not failed, _report(failed, "could not be opened and checked")
    assert {p.site for p in crawl.pages} == {"national", "askoy", "bokn"}
    for name, site in sites.items():
        groups = crawl.groups[name]
        covered = [m.path for g in groups for m in g.members]
        assert len(covered) == len(set(covered)), "each page is in one group"
        missed = sorted(_built_pages(site) - set(covered))
        assert not missed, f"{name}: {len(missed)} built pages in no group: {missed[:10]}"
        opened = [p.path for p in crawl.pages if p.site == name]
        assert len(opened) == len(set(opened)), "each page is checked once"
        assert sorted(opened) == sorted(g.representative for g in groups), (
            f"{name}: the crawl did not open one page of every group")
        # Each group is one language; every language of the site has pages.
        langs = {g.lang for g in groups}
        assert langs == {"nb", "nn", "en"}, f"{name}: languages {langs}"
        if not full_crawl():
            # The grouping earns its keep: far fewer pages open than exist.
            assert len(groups) * 3 < len(covered), f"{name}: {len(groups)} groups"
    for name in ("national", "askoy", "bokn"):
        paths = {p.path for p in crawl.pages if p.site == name}
        # Pages of a kind of their own: each is its group's only member.
        assert {"/", "/klage/", "/sjekk/"} <= paths
        assert any(p.startswith("/en/") for p in paths)
        assert any(p.startswith(("/nn/", "/nb/")) for p in paths)


def _axe_report(pages: list[PageResult], width: str) -> list[str]:
    return [f"{p.site} {p.path} at {width}: " + "; ".join(
        f"{v['id']} ({v['impact']}: {v['help']}) at {v['nodes']}" for v in violations)
        for p in pages for violations in [p.axe if width == "wide" else p.axe_narrow]
        if violations]


def test_axe_finds_no_wcag21_a_or_aa_violation(crawl: Crawl) -> None:
    bad = _axe_report(crawl.pages, "wide")
    assert not bad, _report(bad, "with axe-core violations at 1280 px")


def test_axe_finds_no_violation_on_a_narrow_screen(crawl: Crawl) -> None:
    bad = _axe_report(crawl.pages, "narrow")
    assert not bad, _report(bad, "with axe-core violations at 390 px")


def test_first_tab_reaches_a_visible_skip_link(crawl: Crawl) -> None:
    bad = [f"{p.site} {p.path}: {p.skip_link}" for p in crawl.pages if p.skip_link]
    assert not bad, _report(bad, "without a working skip link as first Tab stop") + (
        "\nMaterial renders its skip link only when the page has a table of contents "
        "(404, kommuner, sjekk have none): theme/main.html should always render one, "
        "pointing at the main content.")


def test_every_tab_stop_shows_focus(crawl: Crawl) -> None:
    bad = [f"{page}: {problem}" for page, problems in crawl.focus_walk.items()
           for problem in problems]
    assert len(crawl.focus_walk) == 18
    assert not bad, "\n".join(bad[:60]) + (
        "\nThe closed search dialog's result area (div.md-search__scrollwrap, tabindex=0) "
        "takes focus while hidden: override partials/search.html so it is not focusable "
        "while search is closed.")


def test_no_horizontal_scrolling_at_200_percent_zoom(crawl: Crawl) -> None:
    bad = [f"{p.site} {p.path}: {p.overflow_640}" for p in crawl.pages if p.overflow_640]
    assert not bad, _report(bad, "that scroll sideways at 640 px (200 % of 1280 px)")


def test_no_horizontal_scrolling_at_320_px(crawl: Crawl) -> None:
    bad = [f"{p.site} {p.path}: {p.overflow_320}" for p in crawl.pages if p.overflow_320]
    assert not bad, _report(bad, "that scroll sideways at 320 px")
