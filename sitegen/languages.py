"""Every fact the build needs about a language, in one table.

Adding a language is a row here plus its content (docs/add-a-language.md):
everything else — the `--lang` choices, the municipality model and its JSON
Schema, the language switcher, dates, search, the readability report — reads
this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # content folders, URL prefix (/<code>/), <html lang>, hreflang
    name: str  # in the language itself, for the language switcher
    babel_locale: str  # CLDR locale for dates written in words (Babel)
    search: str  # lunr's language for mkdocs' search plugin ("no" covers nb and nn)
    theme: str  # mkdocs-material's own translation of its interface (theme.language)
    plain_language: bool  # klarspråk: the build reports LIX, the tests hold it to 40


TABLE: tuple[Language, ...] = (
    Language("nb", "Norsk bokmål", "nb", "no", "nb", plain_language=True),
    Language("nn", "Norsk nynorsk", "nn", "no", "nn", plain_language=True),
    Language("en", "English", "en_GB", "en", "en", plain_language=False),
)

LANGUAGES: tuple[str, ...] = tuple(language.code for language in TABLE)
# The national site's default; a municipality's own site uses its written standard.
DEFAULT_LANGUAGE = LANGUAGES[0]
BY_CODE: dict[str, Language] = {language.code: language for language in TABLE}
