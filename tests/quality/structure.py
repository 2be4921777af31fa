"""Pages grouped by structure, so the browser crawl opens one page per kind.

A page's fingerprint is its DOM skeleton without text: every element's tag,
its classes, the names of its attributes (not their values, except `role`
and `type`, which change what an element is) and whether it holds text of
its own. Two normalisations make pages built from one template share a
fingerprint:

- siblings are a set: repeated children (list items, table rows, summary
  rows, answer links, nav entries) count once, in any order and number, so a
  list of 3 and a list of 300 municipalities look alike, and so does a nav
  with its active entry in another place;
- text is a marker, never its words.

Anything else makes a new group: an element, class or attribute (an `alt`,
an `aria-*`, a `hidden`) that no page of the group has, anywhere in the
tree. Groups are per site and per language (the `lang` of `<html>`), since a
page's words change what axe-core measures (contrast of other glyphs,
language of parts) and its length can change the layout.

The page that stands for a group is the member with the longest unbroken
word, the one most likely to overflow a narrow screen; ties go to the first
path. `KOORDINERT_FULL_CRAWL=1` (`make test-full`) makes every page its own
group.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
# Attributes whose value is part of the skeleton: they change what an element is.
VALUED = ("role", "type")
WORD = re.compile(r"\S+")


def full_crawl() -> bool:
    return os.environ.get("KOORDINERT_FULL_CRAWL", "") not in ("", "0")


class _Node:
    __slots__ = ("children", "head", "text")

    def __init__(self, head: str) -> None:
        self.head = head
        self.children: list[_Node] = []
        self.text = False

    def signature(self) -> str:
        kids = sorted({c.signature() for c in self.children})
        inner = ",".join(kids)
        raw = f"{self.head}{'+t' if self.text else ''}[{inner}]"
        # Hashed per node, so a deep tree's signature stays short.
        return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()[:16]


class _Skeleton(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#document")
        self.stack = [self.root]
        self.lang = ""
        self.longest_word = 0
        self._raw_text = 0   # inside <script>/<style>: not words a reader sees

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = sorted({name for name, _ in attrs if name not in ("class", *VALUED)})
        values = dict(attrs)
        classes = " ".join(sorted(set((values.get("class") or "").split())))
        valued = ";".join(f"{k}={values[k]}" for k in VALUED if k in values)
        if tag == "html":
            self.lang = values.get("lang") or ""
        node = _Node(f"{tag}.{classes}({','.join(names)}|{valued})")
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)
            if tag in ("script", "style"):
                self._raw_text += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].head.startswith(tag + "."):
                del self.stack[depth:]
                if tag in ("script", "style"):
                    self._raw_text = max(0, self._raw_text - 1)
                return

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.stack[-1].text = True
            if not self._raw_text:
                self.longest_word = max(self.longest_word,
                                        max(len(w) for w in WORD.findall(data)))


@dataclass(frozen=True)
class PageShape:
    path: str            # as a browser asks for it: /nn/klage/
    lang: str
    fingerprint: str
    longest_word: int


def shape_of(html: str, path: str) -> PageShape:
    parser = _Skeleton()
    parser.feed(html)
    parser.close()
    return PageShape(path, parser.lang, parser.root.signature(), parser.longest_word)


def url_path(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@dataclass
class Group:
    site: str
    lang: str
    fingerprint: str
    members: list[PageShape] = field(default_factory=list)

    @property
    def representative(self) -> str:
        return min(self.members, key=lambda s: (-s.longest_word, s.path)).path


def group_pages(site_name: str, site: Path, *, every_page: bool | None = None) -> list[Group]:
    """Every built HTML page of the site, in groups of one structure and language."""
    every_page = full_crawl() if every_page is None else every_page
    groups: dict[tuple[str, str], Group] = {}
    for file in html_files(site):
        shape = shape_of(file.read_text(encoding="utf-8"), url_path(site, file))
        key = (shape.lang, shape.path if every_page else shape.fingerprint)
        group = groups.setdefault(key, Group(site_name, shape.lang, shape.fingerprint))
        group.members.append(shape)
    return sorted(groups.values(), key=lambda g: (g.lang, g.representative))
