"""The letter texts for the checker: ``content/ui/<lang>/letters.yaml`` compiled
into ``checker/_letters.json`` (git-ignored), which the checker wheel carries so
that the CLI and the page's Python render letters with the same words as the
site. Only the keys the renderer uses go in (``letter.*`` without the page's own
``letter.page.*`` and ``letter.prompt.*``).

Checked here, each problem naming the file and key: every key in every
language, the same ``{placeholders}`` in every language, and every key the
checker can ask for (``checker.letters.text_keys()``).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from checker.letters import text_keys
from sitegen.jsonfile import write_if_changed
from sitegen.languages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "content" / "ui"
LETTERS_JSON = ROOT / "checker" / "_letters.json"
FILE = "letters.yaml"
PAGE_ONLY = ("letter.page.", "letter.prompt.")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class LetterTextError(ValueError):
    """The letter texts are incomplete or inconsistent; the message names file and key."""


def load_letter_texts(ui_dir: Path = UI_DIR, *, page: bool = False) -> dict[str, dict[str, str]]:
    """Every language's letter texts, checked. With ``page`` the page's keys too."""
    tables: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        path = ui_dir / lang / FILE
        where = f"content/ui/{lang}/{FILE}"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise LetterTextError(f"{where}: cannot be read ({exc.strerror})") from None
        if not isinstance(data, dict):
            raise LetterTextError(f"{where}: expected key: text pairs")
        for key, value in data.items():
            if not isinstance(value, str):
                raise LetterTextError(f"{where}: {key}: must be text")
        tables[lang] = {k: v for k, v in data.items()
                        if page or not k.startswith(PAGE_ONLY)}
    reference = tables["nb"]
    for lang, table in tables.items():
        where = f"content/ui/{lang}/{FILE}"
        for key in sorted(set(reference) ^ set(table)):
            missing_in = lang if key in reference else "nb"
            raise LetterTextError(f"{where}: {key}: missing in {missing_in}; every key must "
                                  "exist in nb, nn and en")
        for key, text in table.items():
            if set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(reference[key])):
                raise LetterTextError(f"{where}: {key}: its {{placeholders}} differ from nb's")
    missing = sorted(text_keys() - set(reference))
    if missing:
        raise LetterTextError(f"content/ui/nb/{FILE}: missing keys the checker uses: "
                              + ", ".join(missing))
    return tables


def compile_letter_texts(dest: Path | None = None) -> Path:
    """Write ``checker/_letters.json`` (sorted keys), only when it changes."""
    return write_if_changed(LETTERS_JSON if dest is None else dest, load_letter_texts())
