"""The municipality's own look and address: logo (checked), link to its website,
its name uncut at 390 px, and its public address in sitemap.xml and canonical
links; the new fields' validation."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sitegen.branding import logo_problems
from tests.conftest import ROOT, Builder
from tests.publish.conftest import LOGO, PUBLIC_URL, WEBSITE, publishing_content

ARTIFACTS = ROOT / "tests" / "_artifacts"


def test_the_header_links_to_the_municipality_with_its_logo(published: Path) -> None:
    for rel in ("index.html", "en/klage/index.html", "nn/sjekk/index.html"):
        page = (published / rel).read_text(encoding="utf-8")
        band = re.search(r'<div class="k-brand">.*?</div>', page, re.DOTALL)
        assert band, rel
        assert f'href="{WEBSITE}"' in band.group(0)
        assert "municipality-logo.svg" in band.group(0)
        assert ">Askøy<" in band.group(0) and ">askoy.kommune.no<" in band.group(0)
    logo = published / "assets" / "koordinert" / "municipality-logo.svg"
    assert logo.read_text(encoding="utf-8") == LOGO
    # The embed page has no header at all.
    assert 'class="k-brand"' not in (published / "sjekk/embed/index.html").read_text("utf-8")


def test_sitemap_and_canonical_links_use_the_public_address(published: Path) -> None:
    for prefix in ("", "nn/", "en/"):
        sitemap = (published / prefix / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]*)</loc>", sitemap)
        assert len(locs) >= 10, prefix
        assert all(loc.startswith(PUBLIC_URL + prefix) for loc in locs), prefix
        assert PUBLIC_URL + prefix + "klage/" in locs
        assert not any("/embed/" in loc for loc in locs)
        # Dated by the day each page's facts were checked, not the day of the build.
        lang = prefix.strip("/") or "nb"
        checked = {m.group(1) for f in (ROOT / "content" / "services").glob(f"*/{lang}.md")
                   if (m := re.search(r"^checked: (\S+)$", f.read_text("utf-8"), re.M))}
        lastmods = re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)
        assert lastmods and set(lastmods) <= checked, (prefix, lastmods, checked)
        page = (published / prefix / "klage" / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{PUBLIC_URL}{prefix}klage/">' in page
    embed = (published / "sjekk/embed/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in embed


def test_a_site_without_a_public_address_has_an_empty_sitemap(askoy_site: Path) -> None:
    sitemap = (askoy_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" not in sitemap
    assert 'class="k-brand"' in (askoy_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_name_is_never_cut_at_390_px(published: Path, serve: Callable[[Path], str],
                                         browser: Browser) -> None:
    base = serve(published)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + "/klage/")
    checks = []
    # Askøy's name, then one of the longest official names, put in its place.
    for name in ("Askøy", "Guovdageaidnu – Kautokeino og Porsanger – Porsángu – Porsanki"):
        page.locator(".k-brand__name").evaluate("(e, n) => { e.textContent = n; }", name)
        checks.append(page.locator(".k-brand__name").evaluate(
            "e => [e.textContent, e.scrollWidth <= e.clientWidth + 1,"
            " e.getBoundingClientRect().right <= innerWidth,"
            " getComputedStyle(e).textOverflow, document.documentElement.scrollWidth]"))
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"brand-390-{len(checks)}.png"))
    context.close()
    for text, fits, inside, overflow, width in checks:
        assert fits and inside and overflow != "ellipsis" and width <= 390, text


SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">{}</svg>'


@pytest.mark.parametrize(("body", "expected"), [
    ("<script>alert(1)</script>", "<script>"),
    ('<rect width="4" height="4" onload="alert(1)"/>', "event attribute onload="),
    ('<image href="https://evil.example/x.png"/>', "a link to 'https://evil.example/x.png'"),
    ('<a xmlns:x="http://www.w3.org/1999/xlink" x:href="javascript:alert(1)"><rect/></a>',
     "a link to 'javascript:alert(1)'"),
    ('<rect fill="url(https://evil.example/f)"/>', "a reference outside the file in fill="),
    ("<style>@import url(https://evil.example/a.css);</style>", "a style that loads"),
    ("<foreignObject><p>x</p></foreignObject>", "<foreignobject>"),
])
def test_unsafe_svg_logos_are_refused(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "logo.svg"
    path.write_text(SVG.format(body), encoding="utf-8")
    problems = logo_problems(path)
    assert any(expected in p for p in problems), problems


def test_safe_logos_and_other_files(tmp_path: Path) -> None:
    ok = tmp_path / "ok.svg"
    ok.write_text(SVG.format('<defs><linearGradient id="g"/></defs>'
                             '<rect fill="url(#g)" width="4" height="4"/><use href="#g"/>'),
                  encoding="utf-8")
    assert logo_problems(ok) == []
    entity = tmp_path / "entity.svg"
    entity.write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]>'
                      + SVG.format("&x;"), encoding="utf-8")
    assert "without a DTD" in logo_problems(entity)[0]
    html = tmp_path / "html.svg"
    html.write_text("<html><body/></html>", encoding="utf-8")
    assert "root element" in logo_problems(html)[0]
    png = tmp_path / "logo.png"
    png.write_bytes(b"GIF89a not a png")
    assert logo_problems(png) == ["the logo is not a PNG file"]
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    assert logo_problems(png) == []


def _errors(build_site: Builder, content: Path) -> list[str]:
    result = build_site(municipality="askoy", content_dir=content, precompress=False)
    return [p.format() for p in result.problems.errors]


def test_publish_fields_are_validated_with_file_and_line(tmp_path: Path,
                                                         build_site: Builder) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    with (content / "municipalities" / "askoy.yaml").open("a", encoding="utf-8") as f:
        f.write("publish:\n  public_url: https://k.askoy.example\n"
                "  embed_origins:\n    - http://www.askoy.kommune.no\n"
                "    - https://www.askoy.kommune.no/side\n  logo: logos/none.svg\n")
    text = "\n".join(_errors(build_site, content))
    lines = len((ROOT / "content/municipalities/askoy.yaml").read_text("utf-8").splitlines())
    assert re.search(rf"askoy\.yaml:{lines + 2}:\d+ publish\.public_url: must be the address "
                     "of the site's front page", text), text
    assert re.search(rf"askoy\.yaml:{lines + 4}:\d+ publish\.embed_origins\[0\]: must be an "
                     "https origin", text), text
    assert re.search(rf"askoy\.yaml:{lines + 5}:\d+ publish\.embed_origins\[1\]:", text), text


def test_an_unsafe_logo_stops_the_build(tmp_path: Path, build_site: Builder) -> None:
    content = publishing_content(tmp_path / "content", ["https://www.askoy.kommune.no"])
    (content / "municipalities" / "logos" / "askoy.svg").write_text(
        SVG.format('<rect onclick="x()"/>'), encoding="utf-8")
    errors = _errors(build_site, content)
    assert any(re.search(r"askoy\.yaml:\d+:\d+ publish\.logo: the logo holds the event "
                         "attribute onclick=", e) for e in errors), errors
