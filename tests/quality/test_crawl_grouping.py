"""The crawl's grouping cannot hide a page kind (structure.py, conftest.crawl).

The fingerprint ignores text, sibling order and repetition, and nothing else:
a page with a new element, class or attribute anywhere forms a group of its
own. Proven on small documents, then on a copy of a built site with pages
planted into it: the planted new kinds each form a group, and the same crawl
code the gates use opens them and has axe-core find the fault planted in one.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.quality.conftest import run_crawl
from tests.quality.structure import group_pages, shape_of

PAGE = """<!doctype html><html lang="{lang}"><head><title>{title}</title></head>
<body class="k-static"><main id="k-main"><h1>{title}</h1>
<ul class="k-list">{items}</ul>{extra}</main></body></html>"""


def _fingerprint(lang: str = "nb", title: str = "Bokn", items: str = "<li><a href=x>A</a></li>",
                 extra: str = "") -> str:
    html = PAGE.format(lang=lang, title=title, items=items, extra=extra)
    return shape_of(html, "/x/").fingerprint


def test_text_order_and_repetition_do_not_make_a_new_kind() -> None:
    one = _fingerprint()
    assert _fingerprint(title="Askøy kommune, tenesteeining for koordinering") == one
    many = "".join(f"<li><a href={i}>Kommune {i}</a></li>" for i in range(357))
    assert _fingerprint(items=many) == one
    mixed = '<li class="on"><a href=a>A</a></li><li><a href=b>B</a></li>'
    assert _fingerprint(items=mixed) == _fingerprint(
        items='<li><a href=b>B</a></li><li><a href=c>C</a></li><li class="on"><a href=a>A</a></li>')


@pytest.mark.parametrize("changed", [
    {"extra": '<table><tr><td>1</td></tr></table>'},                  # a new component
    {"items": '<li class="k-new"><a href=x>A</a></li>'},                # a new class, deep down
    {"items": '<li><a href=x aria-current="page">A</a></li>'},          # a new attribute
    {"items": '<li><a href=x><img src=i></a></li>'},                    # a link without text
    {"items": '<li><a href=x></a></li>'},                               # an empty link
    {"items": '<li><input type="checkbox"></li>'},                      # an input
])
def test_any_new_element_class_or_attribute_makes_a_new_kind(changed: dict[str, str]) -> None:
    assert _fingerprint(**changed) != _fingerprint()


def test_a_checkbox_and_a_radio_button_are_different_kinds() -> None:
    assert _fingerprint(items='<li><input type="checkbox"></li>') != _fingerprint(
        items='<li><input type="radio"></li>')


def test_languages_are_grouped_apart(tmp_path: Path) -> None:
    for lang in ("nb", "nn"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "index.html").write_text(
            PAGE.format(lang=lang, title="t", items="", extra=""), encoding="utf-8")
    groups = group_pages("t", tmp_path, every_page=False)
    assert sorted((g.lang, g.representative) for g in groups) == [("nb", "/nb/"), ("nn", "/nn/")]
    assert groups[0].fingerprint == groups[1].fingerprint


def test_the_full_crawl_makes_every_page_a_group(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(
            PAGE.format(lang="nb", title=name, items="", extra=""), encoding="utf-8")
    assert len(group_pages("t", tmp_path, every_page=False)) == 1
    assert len(group_pages("t", tmp_path, every_page=True)) == 3


def test_a_group_is_represented_by_its_longest_word(tmp_path: Path) -> None:
    for name, title in (("a", "kort"), ("b", "Kvalifiseringsprogrammet"), ("c", "lang")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(
            PAGE.format(lang="nb", title=title, items="", extra=""), encoding="utf-8")
    [group] = group_pages("t", tmp_path, every_page=False)
    assert group.representative == "/b/"


def _plant(site: Path, source: str, target: str, change: Callable[[str], str]) -> str:
    html = (site / source / "index.html").read_text(encoding="utf-8")
    changed = change(html)
    assert changed != html, f"the change to {source} did nothing"
    (site / target).mkdir(parents=True, exist_ok=True)
    (site / target / "index.html").write_text(changed, encoding="utf-8")
    return "/" + target + "/"


@pytest.mark.browser
def test_a_planted_page_of_a_new_kind_is_crawled(
        bokn_site: Path, tmp_path: Path, serve: Callable[[Path], str]) -> None:
    site = tmp_path / "site"
    shutil.copytree(bokn_site, site)
    before = group_pages("bokn", site, every_page=False)

    # A page of a new kind: the complaint page with a figure no page has, whose
    # image has no text alternative (axe-core must report it).
    figure = ('</h1><figure class="k-planted"><img src="../assets/koordinert/favicon.svg">'
              '</figure>')
    new_kind = _plant(site, "klage", "plantet", lambda h: h.replace("</h1>", figure, 1))
    # The same page with other words: the same kind, no new group.
    same_kind = _plant(site, "klage", "plantet-tekst",
                       lambda h: re.sub(r"klage", "anke", h.replace("Klage", "Anke")))
    # Deep in a no-JavaScript checker page, one new class on one element.
    deep = _plant(site, "sjekk/uten-js/self", "sjekk/uten-js/plantet",
                  lambda h: h.replace('class="k-caption"', 'class="k-caption k-planted"', 1))

    after = group_pages("bokn", site, every_page=False)
    assert len(after) == len(before) + 2
    by_member = {m.path: g for g in after for m in g.members}
    assert [m.path for m in by_member[new_kind].members] == [new_kind]
    assert [m.path for m in by_member[deep].members] == [deep]
    assert by_member[same_kind] is by_member["/klage/"]

    # The crawl opens what is new, in the gates' own code.
    known = {(g.lang, g.fingerprint) for g in before}
    new = [g for g in after if (g.lang, g.fingerprint) not in known]
    assert sorted(g.representative for g in new) == sorted([new_kind, deep])
    pages, requests, _, _ = run_crawl({"copy": new}, {"copy": serve(site)}, crawlers=1)
    opened = {p.path: p for p in pages}
    assert sorted(opened) == sorted([new_kind, deep])
    assert not opened[new_kind].error and not opened[deep].error
    for found in (opened[new_kind].axe, opened[new_kind].axe_narrow):
        assert "image-alt" in [v["id"] for v in found], found
    assert opened[deep].axe == [] and opened[deep].axe_narrow == []
    assert any(u.endswith("/plantet/") for u in requests["copy"])
