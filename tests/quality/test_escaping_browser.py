"""Injected markup shows as text: proven in Chromium, not only in the HTML source.

Validation refuses markup in municipality text (test_bad_content), so this
builds a site around a municipality made with `model_construct`, which skips
validation, with markup in every text field. Its pages are opened with the
CSP bypassed (so the CSP cannot hide an escaping bug) and a dialog handler
that fails the test if any alert() runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Dialog

import sitegen.build
from sitegen.model import Localised, Municipality
from sitegen.validate import LoadedMunicipality
from sitegen.yamlsource import Located
from tests.conftest import ROOT, Builder
from tests.quality.conftest import html_files, url_path

pytestmark = pytest.mark.browser


def evil(field: str) -> str:
    return f'<script>alert("{field}")</script><img src=x onerror=alert("{field}")>'


def _localised(field: str) -> Localised:
    return Localised.model_construct(nb=evil(field), nn=evil(field), en=evil(field))


def _evil_municipality() -> Municipality:
    valid = Municipality.model_validate(yaml.safe_load(
        (ROOT / "content/municipalities/askoy.yaml").read_text("utf-8")))
    unit, complaint = valid.unit, valid.complaint

    def address(where: str) -> object:
        return unit.postal_address.model_copy(update={
            "street": evil(f"{where}.street"), "city": evil(f"{where}.city")})

    # model_copy(update=...) does not validate either.
    return valid.model_copy(update={
        # Bergen's number: the register decides which municipality a file is
        # for, and gives its county and Statsforvalter (plain register data).
        "id": "evil", "number": "4601", "name": evil("name"),
        "other_names": {"se": evil("other_names.se")},
        "unit": unit.model_copy(update={
            "name": _localised("unit.name"), "postal_address": address("postal"),
            "visiting_address": address("visiting")}),
        "apply": valid.apply.model_copy(update={"notes": _localised("apply.notes")}),
        "complaint": complaint.model_copy(update={
            "to": _localised("complaint.to"), "address": address("complaint")}),
        "local_notes": {page: _localised(f"local_notes.{page}") for page in (
            "individuell-plan", "koordinator", "barnekoordinator", "be-om-hjelp", "klage")},
        "sources": [valid.sources[0].model_copy(update={"title": evil("sources.title")})],
    })


@pytest.fixture(scope="module")
def evil_sites(build_site: Builder) -> list[Path]:
    m = _evil_municipality()
    real = sitegen.build.load_municipalities

    def load(*args: object, **kwargs: object) -> list[LoadedMunicipality]:
        loaded = real(*args, **kwargs)  # type: ignore[arg-type]
        return [*loaded, LoadedMunicipality(m, "content/municipalities/evil.yaml",
                                            Located(data={}))]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sitegen.build, "load_municipalities", load)
        variant = build_site(municipality="4601", languages=("nb", "en"), with_pyodide=False)
        national = build_site(languages=("nn",), with_pyodide=False)
    assert variant.ok and national.ok and variant.out and national.out
    return [variant.out, national.out]


def test_markup_in_every_text_field_shows_as_text(
        evil_sites: list[Path], browser: Browser, serve: Callable[[Path], str]) -> None:
    dialogs: list[str] = []
    opened = 0
    seen_fields: set[str] = set()
    for site in evil_sites:
        base = serve(site)
        context = browser.new_context(bypass_csp=True, java_script_enabled=True)
        page = context.new_page()

        def on_dialog(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        for file in html_files(site):
            path = url_path(site, file)
            if "/uten-js/" in path or ("evil" not in file.read_text(encoding="utf-8") and \
                    "alert(" not in file.read_text(encoding="utf-8")):
                continue
            page.goto(base + path, wait_until="load")
            opened += 1
            text = page.inner_text("body")
            for line in text.splitlines():
                if '<script>alert("' in line:
                    seen_fields.add(line.split('<script>alert("', 1)[1].split('"', 1)[0])
            # A JSON data block (type="application/json", its < written as
            # \u003c) holds the text as data and never runs; any other script
            # holding it, or the image, is markup that became elements.
            injected = page.evaluate(
                "[...document.scripts].filter(s => s.type !== 'application/json' &&"
                " (s.textContent || '').includes('alert(')).length"
                " + document.querySelectorAll('img[src=x]').length")
            assert injected == 0, f"{path}: injected markup became elements"
        context.close()
    assert not dialogs, f"script ran: {dialogs}"
    assert opened >= 5
    for field in ("name", "other_names.se", "unit.name", "postal.street", "postal.city",
                  "complaint.to", "complaint.street", "local_notes.klage"):
        assert field in seen_fields, f"{field} was not shown as text anywhere: {seen_fields}"
