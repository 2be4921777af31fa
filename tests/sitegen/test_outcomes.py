"""Every outcome comes from one template (sitegen/templates/_outcome.html.j2):
on every end page without JavaScript, in every language, each outcome is that
template's output, and the scripted page's fragment for the same engine
result (sjekk/utfall.json, by checker_page.outcome_key) is the same HTML but
for its heading level and the day it fills in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from checker import flow
from sitegen.checker_page import OUTCOME_HEADING, _date_markup, outcome_key
from tests.conftest import AS_OF, ROOT

LANGS = {"nb": "", "nn": "nn/", "en": "en/"}


def _ui(lang: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for path in sorted((ROOT / "content" / "ui" / lang).glob("*.yaml")):
        table.update(yaml.safe_load(path.read_text("utf-8")))
    return table


def _sections(html: str) -> list[str]:
    return re.findall(r'<section class="k-outcome .*?</section>', html, re.S)


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_every_outcome_on_every_path_comes_from_the_one_template(
        national_site: Path, lang: str) -> None:
    ui = _ui(lang)
    base = national_site / LANGS[lang] / "sjekk"
    fragments = json.loads((base / "utfall.json").read_text("utf-8"))["outcomes"]
    checked = 0
    for state in flow.enumerate_states(AS_OF, with_results=True):
        if state["question"] is not None:
            continue
        page = base / "uten-js" / state["id"] / "index.html"
        sections = _sections(page.read_text("utf-8"))
        assert len(sections) == 3, page
        for section, (p, r) in zip(sections, state["results"].items(), strict=True):
            assert f'data-k-programme="{p}"' in section
            turned = r["right_ends"] <= AS_OF.isoformat() if r.get("right_ends") else None
            fragment = fragments[outcome_key(r, turned)]
            h, h2 = OUTCOME_HEADING, OUTCOME_HEADING + 1
            expected = (fragment.replace(f"<h{h} ", "<h2 ").replace(f"</h{h}>", "</h2>")
                        .replace(f"<h{h2} ", "<h3 ").replace(f"</h{h2}>", "</h3>")
                        .replace('href="../', 'href="' + "../" * (2 + len(state["id"].split("/"))))
                        .replace('<time data-k-slot="right_ends"></time>',
                                 str(_date_markup(r["right_ends"], ui)) if r.get("right_ends")
                                 else ""))
            assert section == expected, (page, p)
            checked += 1
    assert checked > 300
