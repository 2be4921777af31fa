"""What the checker page's letters need from the build (issue 16): the
addressees (in the page on a municipality's own site, in sjekk/kommuner.json
on the national site; a register-only municipality by name alone), the letter
wording in the page's data block, and the letters' script in the service
worker's precache."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitegen.offline import precache_list


def _data_block(page: Path) -> dict[str, object]:
    html = page.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="k-checker-data">(.*?)</script>',
                      html, re.S)
    assert found, page
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_askoys_page_carries_its_letter_addressees_and_wording(askoy_site: Path) -> None:
    data = _data_block(askoy_site / "en" / "sjekk" / "index.html")
    to = data["letter_to"]
    assert isinstance(to, dict)
    # An English page sends the Norwegian text: the unit as named in Norwegian.
    assert to["send_lang"] == "nb"
    assert to["request"] == {"name": "Askøy kommune, Helse og omsorg",
                             "address": ["Klampavikvegen 1", "5300 Kleppestø"],
                             "source": "municipality_file"}
    assert to["complaint"]["source"] == "municipality_file"
    strings = data["strings"]
    assert isinstance(strings, dict)
    assert strings["letter.ui.write_request"] == "Write to the municipality"
    assert strings["letter.prompt.hard"].startswith("Write what is hard")
    assert data["letter_pages"] == {"request": "brev/be-om/", "complaint": "brev/klage/",
                                    "complaint_no_decision": "brev/klage-uten-vedtak/"}


def test_the_national_site_has_each_municipalitys_letter_addressee(national_site: Path) -> None:
    data = _data_block(national_site / "sjekk" / "index.html")
    assert "letter_to" not in data
    munis = json.loads((national_site / "sjekk" / "kommuner.json").read_text("utf-8"))
    munis = munis["municipalities"]
    assert munis["askoy"]["letter"]["request"]["address"] == ["Klampavikvegen 1", "5300 Kleppestø"]
    # Known only from the register: the name, and no address is made up.
    assert munis["utsira"]["letter"]["request"] == {
        "name": "Utsira kommune", "address": [], "source": "register"}


def test_the_service_worker_precaches_the_letters(askoy_site: Path) -> None:
    """The letters' module is in the page's bundle (sitegen/checker_bundle.py),
    which is precached; the module itself is not published apart from it."""
    files = precache_list(askoy_site)
    assert "assets/koordinert/checker-bundle.js" in files
    assert "assets/koordinert/letter.css" in files
    assert "checker-bundle.js" in (askoy_site / "sw.js").read_text(encoding="utf-8")
    bundled = (askoy_site / "assets" / "koordinert" / "checker-bundle.js").read_text("utf-8")
    # A string of checker-letters.js (its data attribute), kept by the minifier.
    assert "data-k-letter" in bundled
    for name in ("checker-letters.js", "checker-page.js", "checker-flow.js"):
        assert not (askoy_site / "assets" / "koordinert" / name).exists()
        assert "assets/koordinert/" + name not in files


def test_the_prepared_letters_are_beside_each_checker_page_and_precached(
        askoy_site: Path) -> None:
    """sjekk/instant-letters.json in each language root, in that language (the
    English one with the Norwegian texts to send), precached with the module
    that fills it in; the page itself names neither (the file is fetched when a
    letter section is shown, never before the first question)."""
    files = precache_list(askoy_site)
    assert "assets/koordinert/checker-letters-instant.js" in files
    for prefix, lang in (("", "nb"), ("nn/", "nn"), ("en/", "en")):
        table = json.loads((askoy_site / prefix / "sjekk" / "instant-letters.json").read_text(
            encoding="utf-8"))
        assert table["lang"] == lang
        assert table["sends"] == ([] if lang != "en" else ["nb", "nn"])
        assert f"{prefix}sjekk/instant-letters.json" in files
        page = (askoy_site / prefix / "sjekk" / "index.html").read_text(encoding="utf-8")
        assert "instant-letters" not in page
