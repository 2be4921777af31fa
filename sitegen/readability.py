"""LIX readability for the service pages (Björnsson's läsbarhetsindex).

    LIX = words / sentences + 100 * long_words / words

A *long word* has more than six letters. Scores: below 30 very easy, 30-40
easy (the target for Koordinert's nb and nn pages is at most 40), 40-50
medium, above 50 hard.

Only the running text counts. Before counting, :func:`plain_text` removes the
YAML front matter, code, HTML tags, template placeholders (``{{ contact() }}``),
link and image targets (the link text stays), admonition markers
(``!!! note "Usikkert"`` keeps only the quoted title), heading hashes, list
markers, table pipes and emphasis markers.

Sentence boundaries are ``.``, ``!``, ``?``, ``:`` and ``;`` followed by space
or the end of the text (but not the full stop of an ordinal such as "1. mai"),
and every line break in the Markdown source. A
heading, a list item and a table cell without a full stop therefore count as
one sentence each, which is how readers take them in. Abbreviations such as
"f.eks." or "bl.a." do end a sentence in this count; the texts avoid them.

A *word* is a run of letters (digits, "§" and the like do not make a word,
"2-5" is not a word). A hyphen joins letters into one word
("NAV-kontoret"), but a trailing hyphen ("helse- og omsorg") leaves "helse".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LixResult", "lix", "lix_details", "plain_text"]

_FRONT_MATTER = re.compile(r"\A\ufeff?---\s*\n.*?\n(?:---|\.\.\.)\s*(?:\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.DOTALL | re.MULTILINE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_LINK_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>]*>|\bhttps?://\S+")
_ATTR_LIST = re.compile(r"\{:?\s*[#.][^}]*\}")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*\s*(?:"([^"]*)")?\s*$',
                         re.MULTILINE)
_ABBR_DEF = re.compile(r"^\*\[[^\]]+\]:.*$", re.MULTILINE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_DEF_MARK = re.compile(r"^\s*:\s+", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^\s*>\s?", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`|~~)")

# A full stop after a number followed by a small letter is an ordinal ("1. mai"),
# not the end of a sentence.
_SENTENCE_END = re.compile(r"(?:(?<!\d)[.!?:;]+|(?<=\d)[.!?:;]+(?!\s+[a-zæøå]))(?=\s|$)|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def plain_text(markdown_text: str) -> str:
    """Return the readable running text of a Markdown page, one line per block."""
    text = markdown_text.replace("\r\n", "\n").replace("\r", "\n")
    text = _FRONT_MATTER.sub("", text, count=1)
    text = _FENCE.sub("", text)
    text = _HTML_COMMENT.sub("", text)
    text = _PLACEHOLDER.sub("", text)
    text = _LINK_DEF.sub("", text)
    text = _ABBR_DEF.sub("", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _ATTR_LIST.sub("", text)
    text = _ADMONITION.sub(lambda m: m.group(1) or "", text)
    text = _TABLE_RULE.sub("", text)
    text = _HEADING.sub("", text)
    text = _LIST_MARK.sub("", text)
    text = _DEF_MARK.sub("", text)
    text = _QUOTE_MARK.sub("", text)
    text = text.replace("|", "\n")
    text = _EMPHASIS.sub("", text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class LixResult:
    """The counts behind one LIX score."""

    words: int
    sentences: int
    long_words: int

    @property
    def score(self) -> float:
        if self.words == 0:
            return 0.0
        return self.words / max(self.sentences, 1) + 100.0 * self.long_words / self.words


def _letters(word: str) -> int:
    return sum(1 for ch in word if ch.isalpha())


def lix_details(markdown_text: str) -> LixResult:
    """Count words, sentences and long words in the running text of a page."""
    text = plain_text(markdown_text)
    words = 0
    long_words = 0
    sentences = 0
    for chunk in _SENTENCE_END.split(text):
        chunk_words = _WORD.findall(chunk)
        if not chunk_words:
            continue
        sentences += 1
        words += len(chunk_words)
        long_words += sum(1 for w in chunk_words if _letters(w) > 6)
    return LixResult(words=words, sentences=sentences, long_words=long_words)


def lix(markdown_text: str) -> float:
    """LIX of a Markdown page: words per sentence + percentage of words longer than six letters."""
    return round(lix_details(markdown_text).score, 1)
