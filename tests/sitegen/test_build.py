"""The built site: paths per language and shape, atomic publishing, escaping, schema."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitegen import headers
from sitegen.checker_page import municipality_data
from sitegen.content import Content
from sitegen.model import Localised, Municipality
from sitegen.problems import Problems
from sitegen.registry import places, registry_for
from sitegen.render import Renderer, SiteShape
from sitegen.schema import SCHEMA_PATH, schema_text
from tests.conftest import AS_OF, ROOT, Builder

SERVICE_PAGES = ["individuell-plan", "koordinator", "barnekoordinator", "be-om-hjelp", "klage",
                 "rettigheter-og-plikter", "for-fagfolk", "personvern", "tilgjengelighet", "om"]


def html_lang(path: Path) -> str:
    match = re.search(r'<html lang="([^"]+)"', path.read_text(encoding="utf-8"))
    assert match, path
    return match.group(1)


def tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("prefix", "lang"), [("", "nb"), ("nn/", "nn"), ("en/", "en")])
def test_national_paths_and_lang(national_site: Path, prefix: str, lang: str) -> None:
    root = national_site / prefix
    assert html_lang(root / "index.html") == lang
    for page in [*SERVICE_PAGES, "sjekk", "kommuner", "kommuner/askoy", "kommuner/bokn"]:
        path = root / page / "index.html"
        assert path.is_file(), path
        assert html_lang(path) == lang
    assert (root / "search" / "search_index.json").is_file()


def test_search_index_is_per_language(national_site: Path) -> None:
    def index(prefix: str) -> dict[str, object]:
        data: dict[str, object] = json.loads(
            (national_site / prefix / "search" / "search_index.json").read_text("utf-8"))
        return data
    assert index("")["config"]["lang"] == ["no"]  # type: ignore[index]
    assert index("en/")["config"]["lang"] == ["en"]  # type: ignore[index]
    nn_text = json.dumps(index("nn/"), ensure_ascii=False)
    assert "ikkje" in nn_text and "ikke " not in nn_text


def test_checker_lists_and_table_are_out_of_the_search_index(national_site: Path) -> None:
    """Every page loads the index: the checker's municipality lists (the
    directory is indexed) and its 60-day table stay out of it."""
    docs = json.loads((national_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    checker = " ".join(d["text"] for d in docs if d["location"].startswith("sjekk/"))
    directory = " ".join(d["text"] for d in docs if d["location"].startswith("kommuner/"))
    assert "Bokn" in directory and "Bokn" not in checker
    assert "Hvem gjelder det?" in checker  # the questions are still found
    assert "mandag 23. november 2026" not in checker  # a row of the table


def test_the_search_index_keeps_names_and_drops_what_nobody_searches(national_site: Path) -> None:
    """Every content page loads its language's index (make bench: content page
    ≤ 400 KB): municipality names stay findable, in every official form; their
    numbers and counties, the date fields and empty error boxes do not."""
    docs = json.loads((national_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    directory = " ".join(d["text"] for d in docs if d["location"] == "kommuner/")
    checker = [d for d in docs if d["location"].startswith("sjekk/")]
    assert "Kautokeino" in directory and "Guovdageaidnu" in directory and "Bergen" in directory
    assert "4601" not in directory and "Vestland" not in directory
    # The error summary's heading would otherwise start a section of its own.
    assert not any("Det er et problem" in d["title"] + d["text"] for d in checker)
    assert "Frister" in [d["title"] for d in checker]


def test_no_page_loads_materials_palette_css(national_site: Path) -> None:
    """Koordinert's colours are in koordinert.css; the palette stays in the
    config (without it Material writes an inline script) but its CSS is not
    linked."""
    page = (national_site / "individuell-plan" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-primary="custom"' in page
    assert "assets/stylesheets/main." in page
    for path in national_site.rglob("*.html"):
        assert "stylesheets/palette." not in path.read_text(encoding="utf-8"), path


def test_pyodide_is_copied_once_with_a_hashed_wheel(national_site: Path) -> None:
    files = sorted(p.name for p in (national_site / "pyodide").iterdir())
    wheels = [f for f in files if f.endswith(".whl")]
    assert len(wheels) == 1
    assert re.fullmatch(r"koordinert_checker-1\.0\.0\+[0-9a-f]{12}-py313-none-any\.whl", wheels[0])
    # The site's own wheel is served as immutable by every deploy config.
    assert headers.route_for(f"/pyodide/{wheels[0]}").cache == "immutable"
    assert {"pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
            "pyodide-lock.json"} <= set(files)
    lock = json.loads((national_site / "pyodide" / "pyodide-lock.json").read_text("utf-8"))
    assert list(lock["packages"]) == ["koordinert-checker"]
    assert lock["packages"]["koordinert-checker"]["file_name"] == wheels[0]
    assert not list(national_site.glob("*/pyodide")), "Pyodide copied per language"


def test_content_pages_load_no_pyodide_and_no_inline_script(national_site: Path) -> None:
    pages = list(national_site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (page, tag)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        if "/sjekk/" not in str(page):
            # Only where it is, for site.js's download on intent: no script,
            # link or preload of it (tests/browser/test_intent.py).
            for folder in re.findall(r'<div hidden data-k-pyodide="([^"]*)"></div>', html):
                assert folder.endswith("pyodide/") and not folder.startswith("//"), (page, folder)
            named = re.sub(r'<div hidden data-k-pyodide="[^"]*"></div>', "", html)
            assert "pyodide" not in named.lower(), page
            assert "'wasm-unsafe-eval'" not in html, page
    checker = (national_site / "sjekk" / "index.html").read_text(encoding="utf-8")
    assert "'wasm-unsafe-eval'" in checker


def test_municipality_pages_are_not_in_the_navigation(national_site: Path) -> None:
    klage = (national_site / "klage" / "index.html").read_text(encoding="utf-8")
    assert "kommuner/askoy/" not in klage
    directory = (national_site / "kommuner" / "index.html").read_text(encoding="utf-8")
    assert 'href="askoy/"' in directory and 'href="bokn/"' in directory


def test_language_switcher_links_to_the_same_page(national_site: Path) -> None:
    nn_klage = (national_site / "nn" / "klage" / "index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="(nb|nn|en)"', nn_klage))
    targets = {lang: href for href, lang in links.items()}
    base = national_site / "nn" / "klage"
    for lang, expected in [("nb", national_site / "klage"), ("en", national_site / "en/klage")]:
        assert (base / targets[lang]).resolve() == expected.resolve()


@pytest.mark.parametrize(("prefix", "lang"), [("", "nb"), ("nn/", "nn"), ("en/", "en")])
def test_national_checker_page_fetches_the_municipality_details(
        national_site: Path, prefix: str, lang: str) -> None:
    """The national checker page holds no municipality details: they are in
    sjekk/kommuner.json beside it, which the service worker precaches."""
    folder = national_site / prefix / "sjekk"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert 'data-k-muni-src="../sjekk/kommuner.json"' in page
    assert "data-k-muni=" not in page and "k-muni-data" not in page
    assert "Klampavikvegen" not in page and "Boknatunvegen" not in page
    assert '<option value="askoy">' in page
    data = json.loads((folder / "kommuner.json").read_text(encoding="utf-8"))
    assert data["lang"] == lang
    assert len(data["municipalities"]) == 357
    assert {"askoy", "bokn", "bergen", "kautokeino"} <= set(data["municipalities"])
    # A municipality without its own file: the register's complaint route, the
    # deadline and the embete in the page's language; no invented contact details.
    tromso = data["municipalities"]["tromso"]
    embete = {"nb": "Statsforvalteren i Troms og Finnmark",
              "nn": "Statsforvaltaren i Troms og Finnmark",
              "en": "County Governor of Troms and Finnmark"}[lang]
    assert embete in tromso["complaint"]
    assert {"nb": "4 uker", "nn": "4 veker", "en": "4 weeks"}[lang] in tromso["complaint"]
    assert "tel:" not in tromso["contact"] and "mailto:" not in tromso["contact"]
    assert '<a href="../kommuner/tromso/">' in tromso["contact"]
    askoy = data["municipalities"]["askoy"]
    assert "Klampavikvegen 1<br>5300 Kleppestø" in askoy["complaint"]
    assert '<a href="../kommuner/askoy/">' in askoy["contact"]
    assert (folder / "../kommuner/askoy/index.html").resolve().is_file()
    bokn = data["municipalities"]["bokn"]["contact"]
    assert '<a href="tel:46861866">' in bokn
    unit = {"nb": "Koordinerende enhet i Bokn", "nn": "Koordinerande eining i Bokn",
            "en": "Bokn municipality&#39;s coordinating unit"}[lang]
    assert unit in bokn
    sw = (national_site / "sw.js").read_text(encoding="utf-8")
    assert f'"{prefix}sjekk/kommuner.json"' in sw


def test_a_variant_keeps_its_municipality_in_the_checker_page(askoy_site: Path) -> None:
    page = (askoy_site / "sjekk" / "index.html").read_text(encoding="utf-8")
    assert "data-k-muni-src" not in page
    assert 'data-k-muni-preset="askoy"' in page and 'data-k-muni="askoy"' in page
    assert "Klampavikvegen 1" in page
    assert not list(askoy_site.rglob("kommuner.json"))


def test_variant_merges_the_municipality_into_service_pages(askoy_site: Path) -> None:
    assert html_lang(askoy_site / "index.html") == "nb"
    contact = (askoy_site / "kommuner" / "index.html").read_text(encoding="utf-8")
    assert "Klampavikvegen 1" in contact and "<h1" in contact
    assert not (askoy_site / "kommuner" / "bokn").exists()
    klage = (askoy_site / "klage" / "index.html").read_text(encoding="utf-8")
    assert "Klampavikvegen 1" in klage and "5300 Kleppestø" in klage
    assert "Statsforvalteren i Vestland" in klage
    assert "Koordinert – Askøy" in klage
    nn_plan = (askoy_site / "nn" / "individuell-plan" / "index.html").read_text("utf-8")
    assert "Askøy kommune kartlegg ressursane" in nn_plan  # the local note, in nynorsk


def test_variant_uses_its_written_standard_as_default(bokn_site: Path) -> None:
    assert html_lang(bokn_site / "index.html") == "nn"
    assert html_lang(bokn_site / "nb" / "index.html") == "nb"
    assert html_lang(bokn_site / "en" / "klage" / "index.html") == "en"
    be_om = (bokn_site / "be-om-hjelp" / "index.html").read_text(encoding="utf-8")
    assert "Koordinerande eining i Bokn kommune" in be_om
    assert 'href="tel:46861866"' in be_om


def _content_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def test_a_failed_build_leaves_the_previous_site_byte_identical(
        tmp_path: Path, build_site: Builder) -> None:
    content = _content_copy(tmp_path)
    out = tmp_path / "site"
    first = build_site(content_dir=content, out=out, languages=("nb",))
    assert first.ok
    before = tree_digest(out)
    (content / "municipalities" / "askoy.yaml").write_text(
        (content / "municipalities" / "askoy.yaml").read_text("utf-8").replace(
            'number: "4627"', "number: 4627"), encoding="utf-8")
    second = build_site(content_dir=content, out=out, languages=("nb",))
    assert not second.ok
    assert [p.key_path for p in second.problems.errors] == ["number"]
    assert tree_digest(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_a_missing_translation_is_a_warning_and_fails_under_strict(
        tmp_path: Path, build_site: Builder) -> None:
    content = _content_copy(tmp_path)
    (content / "services" / "koordinator" / "nn.md").unlink()
    lenient = build_site(content_dir=content, out=tmp_path / "a", languages=("nb", "nn"))
    assert lenient.ok
    messages = [p.format() for p in lenient.problems.warnings]
    assert ("content/services/koordinator/nn.md:1:1 warning: missing translation: page "
            "'koordinator' has no 'nn' text (write it, or the page is left out of the nn "
            "site)") in [m.replace(str(tmp_path) + "/", "") for m in messages]
    assert not (tmp_path / "a" / "nn" / "koordinator").exists()
    assert (tmp_path / "a" / "koordinator" / "index.html").exists()
    strict = build_site(content_dir=content, out=tmp_path / "b", languages=("nb", "nn"),
                        strict=True)
    assert not strict.ok and not (tmp_path / "b").exists()


def test_a_missing_ui_string_is_visible_not_replaced(tmp_path: Path,
                                                      build_site: Builder) -> None:
    content = _content_copy(tmp_path)
    site_yaml = content / "ui" / "en" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text("utf-8").replace(
        "footer.privacy: Privacy\n", ""), encoding="utf-8")
    result = build_site(content_dir=content, out=tmp_path / "s", languages=("nb", "en"))
    assert result.ok
    assert any("no 'en' text for 'footer.privacy'" in p.message for p in result.problems)
    assert "⟦footer.privacy⟧" in (tmp_path / "s" / "en" / "index.html").read_text("utf-8")


def test_municipality_text_is_escaped_everywhere_it_is_rendered() -> None:
    evil = "<script>alert(1)</script>"
    valid = Municipality.model_validate(yaml.safe_load(
        (ROOT / "content/municipalities/askoy.yaml").read_text("utf-8")))
    # model_copy(update=...) does not validate: validation refuses markup, and
    # this proves the renderer escapes it anyway.
    text = Localised.model_construct(nb=evil)
    m = valid.model_copy(update={
        "name": evil,
        "unit": valid.unit.model_copy(update={
            "name": text,
            "postal_address": valid.unit.postal_address.model_copy(update={"street": evil})}),
        "complaint": valid.complaint.model_copy(update={"to": text}),
        "local_notes": {"klage": text},
    })
    ui = _ui("nb")
    registry = registry_for(ROOT / "content", Problems())
    assert registry is not None
    m = next(p for p in places(registry, [m]) if p.id == "askoy")  # type: ignore[assignment]
    renderer = Renderer(Content(page_order=["klage"], ui={"nb": ui}),
                        SiteShape(("nb",), "nb", m, (), AS_OF))
    national = Renderer(Content(page_order=["klage"], ui={"nb": ui}),
                        SiteShape(("nb",), "nb", None, (m,), AS_OF))
    fetched = json.loads(municipality_data(national, "nb"))["municipalities"][m.id]
    pieces = [renderer.municipality_page(m, "nb"), fetched["contact"], fetched["complaint"],
              renderer.snippet("contact.html.j2", m=m, ui=ui, lang="nb", root="", uid=1),
              renderer.snippet("complaint.html.j2", m=m, ui=ui, lang="nb", root="", uid=2),
              renderer.snippet("notes.html.j2", m=m, ui=ui, lang="nb", note=evil, uid=3)]
    for piece in filter(None, pieces):
        assert "<script>" not in piece
        assert "&lt;script&gt;" in piece


def _ui(lang: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for path in sorted((ROOT / "content" / "ui" / lang).glob("*.yaml")):
        table.update(yaml.safe_load(path.read_text("utf-8")))
    return table


def test_committed_schema_is_up_to_date() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), \
        "content/schema/municipality.schema.json is stale: run python -m sitegen.schema"


def test_every_municipality_file_names_the_schema() -> None:
    for path in (ROOT / "content" / "municipalities").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == "# yaml-language-server: $schema=../schema/municipality.schema.json"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build_site.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)


def test_cli_exit_codes(tmp_path: Path) -> None:
    bad_lang = run_cli("--lang", "de", "--out", str(tmp_path / "x"))
    assert bad_lang.returncode == 2 and "invalid choice: 'de'" in bad_lang.stderr
    unknown = run_cli("--municipality", "atlantis", "--out", str(tmp_path / "x"),
                      "--as-of", "2026-11-22", "--lang", "nb")
    assert unknown.returncode == 1
    # One message, in plain words, with examples of valid values.
    assert unknown.stderr.count("--municipality") == 1
    assert "--municipality:1:1 no municipality has the id or number 'atlantis' (give the id " \
        "or the four-digit kommunenummer of any of the 357, like bergen or 4601, trondheim " \
        "or 5001, bokn or 1145)" in unknown.stderr
    close = run_cli("--municipality", "trondhjem", "--out", str(tmp_path / "x"),
                    "--as-of", "2026-11-22", "--lang", "nb")
    assert "did you mean trondheim?" in close.stderr
    assert "Traceback" not in unknown.stderr
    assert not (tmp_path / "x").exists()
    bad_date = run_cli("--as-of", "2026-02-30")
    assert bad_date.returncode == 2 and "'2026-02-30' is not a date" in bad_date.stderr


def test_the_build_never_replaces_a_folder_it_did_not_write(tmp_path: Path,
                                                            build_site: Builder) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    result = build_site(out=precious, languages=("nb",))
    assert not result.ok
    assert result.problems.errors[0].message.endswith(
        "is not empty and was not written by this build; it will not be replaced")
    assert [p.name for p in precious.iterdir()] == ["notes.txt"]
    # A folder a build wrote is replaced without fuss.
    site = tmp_path / "site"
    assert build_site(out=site, languages=("nb",)).ok
    assert build_site(out=site, languages=("nb",)).ok
    assert (site / ".koordinert-site").is_file()


def test_a_register_only_variant_by_number(build_site: Builder) -> None:
    """Kautokeino has no file of its own: --municipality 5612 builds its variant
    from the register alone, in bokmål (no written standard is recorded)."""
    result = build_site(municipality="5612", languages=("nb", "nn"))
    assert result.ok, [p.format() for p in result.problems.errors]
    assert result.out is not None
    contact = (result.out / "kommuner" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="se">Guovdageaidnu</span>' in contact
    assert "Kommunen har ikke kontrollert opplysningene på denne siden." in contact
    assert "Statsforvalteren i Troms og Finnmark" in contact
    assert "<title>Kontakt og klage - Koordinert – Kautokeino</title>" in contact
    assert "tel:" not in contact and "mailto:" not in contact
    klage_nn = (result.out / "nn" / "klage" / "index.html").read_text(encoding="utf-8")
    assert "Statsforvaltaren i Troms og Finnmark" in klage_nn
    assert "4 veker" in klage_nn


def test_bokns_nynorsk_pages_name_the_statsforvalter_in_nynorsk(bokn_site: Path) -> None:
    klage = (bokn_site / "klage" / "index.html").read_text(encoding="utf-8")  # nn at /
    assert "Statsforvaltaren i Rogaland" in klage
    assert "Statsforvalteren i Rogaland" not in klage
    en = (bokn_site / "en" / "klage" / "index.html").read_text(encoding="utf-8")
    assert "County Governor of Rogaland" in en


def test_a_local_note_has_its_own_heading_and_dates_are_side_by_side(bokn_site: Path) -> None:
    page = (bokn_site / "kommuner" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="merknad-klage">Frå kommunen: [^<]+</h2>\s*<p>Du kan også klage',
                     page)
    assert re.search(r"Opplysningane vart sist kontrollerte <time datetime=\"2026-11-22\">"
                     r"[^<]+</time>\. Fellestekstane om rettane dine vart sist kontrollerte "
                     r"<time datetime=\"\d{4}-\d\d-\d\d\">", page)
    title = re.search(r"<title>(.*?)</title>", page)
    assert title is not None and title.group(1).count("Bokn") == 1


def test_an_invalid_own_file_is_the_one_problem_reported(tmp_path: Path,
                                                         build_site: Builder) -> None:
    """--municipality bokn with a broken bokn.yaml: the file's problem, not also
    'no valid municipality'; and --strict fails on a missing nynorsk unit name."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    bokn = content / "municipalities" / "bokn.yaml"
    original = bokn.read_text(encoding="utf-8")
    bokn.write_text(original.replace('phone: "468 61 866"', 'phone: "468"'), encoding="utf-8")
    result = build_site(content_dir=content, municipality="bokn", languages=("nb",))
    assert not result.ok
    assert [p.key_path for p in result.problems.errors] == ["unit.phone"]
    assert not any(p.file == "--municipality" for p in result.problems)

    bokn.write_text(original.replace("    nn: Koordinerande eining i Bokn kommune\n", "", 1),
                    encoding="utf-8")
    strict = build_site(content_dir=content, municipality="1145", languages=("nb",),
                        strict=True)
    assert not strict.ok
    assert [(p.key_path, p.message) for p in strict.problems.errors] == [
        ("unit.name", "no 'nn' text: pages in Norsk nynorsk show another language here")]
