"""Every page and every interface string exists in nb, nn and en."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sitegen.model import LANGUAGES
from tests.conftest import ROOT, Builder

UI = ROOT / "content" / "ui"


def ui_keys(lang: str) -> dict[str, set[str]]:
    return {path.name: set(yaml.safe_load(path.read_text("utf-8")) or {})
            for path in sorted((UI / lang).glob("*.yaml"))}


def test_every_ui_string_exists_in_every_language() -> None:
    reference = ui_keys("nb")
    assert reference, "no UI strings found"
    for lang in LANGUAGES:
        keys = ui_keys(lang)
        assert keys.keys() == reference.keys(), lang
        for name, wanted in reference.items():
            assert keys[name] == wanted, (lang, name, sorted(wanted ^ keys[name]))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_ui_string_is_empty(lang: str) -> None:
    for path in (UI / lang).glob("*.yaml"):
        for key, value in yaml.safe_load(path.read_text("utf-8")).items():
            assert isinstance(value, str) and value.strip(), (path.name, key)


def test_the_default_content_builds_under_strict(build_site: Builder, tmp_path: Path) -> None:
    """--strict turns every missing translation into an error: none may be missing."""
    result = build_site(strict=True)
    assert result.ok, [p.format() for p in result.problems]
    assert not list(result.problems)
