"""The embeddable checker: `/sjekk/embed/` in every language of a municipality's site.

The same checker as `/sjekk/` (the same template, scripts and wording, from
`sitegen.checker_page.checker_page`), as a page without the site around it
(no header, navigation or footer: `theme/main.html` leaves them out when
`sitegen.headers` calls the path an embed page), to be shown in an `<iframe>`
on the municipality's own website.

The page may be framed only by the origins listed in the municipality's file
(`publish.embed_origins`): the servers send them in `frame-ancestors` (see
`sitegen.headers`), and the page's script (`embed-frame.js`) talks only to a
parent window from one of them. The host page's script (`embed-host.js`)
sizes the frame by the height the page reports, and accepts it only from the
frame's own origin. The snippet a municipality pastes is `snippet()`.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.checker_page import checker_page
from sitegen.render import Renderer, _with_front_matter

if TYPE_CHECKING:
    from sitegen.model import Municipality

PATH = "sjekk/embed/"
HOST_SCRIPT = "assets/koordinert/embed-host.js"

# Links of the checker fragment that must leave the frame (the flow without
# JavaScript opens in a new tab); its other paths are from the language's root,
# so they hold one folder deeper too. A change in the fragment that drops one fails
# the build (and the embed tests) instead of leaving a broken link.
_RELATIVE_LINKS = (('sjekk/uten-js/"', 'sjekk/uten-js/" target="_blank"'),)


class EmbedError(Exception):
    pass


def embed_page(renderer: Renderer, lang: str, up: str) -> str:
    """The Markdown (front matter and HTML) of `sjekk/embed.md` for one language."""
    m = renderer.shape.municipality
    assert m is not None, "embed pages are made for a municipality's own site"
    ui = renderer.content.ui[lang]
    text = checker_page(renderer, lang, "../../", f"../../{up}pyodide/")
    _, _, body = text.split("---\n", 2)
    for old, new in _RELATIVE_LINKS:
        if old not in body:
            raise EmbedError(f"the checker fragment no longer holds {old}; update "
                             "sitegen/embed.py")
        body = body.replace(old, new)
    origins = html.escape(" ".join(m.publish.embed_origins))
    body = (f'<div class="k-embed" data-k-embed data-k-embed-origins="{origins}">\n'
            f"{body.strip()}\n</div>\n")
    meta = {"title": ui["checker.title"], "description": ui["checker.description"],
            "checker": True, "embed": True, "search": {"exclude": True},
            "hide": ["navigation", "toc", "path"]}
    return _with_front_matter(meta, body)


def write_embed(renderer: Renderer, lang: str, docs: Path, up: str) -> None:
    """Write `sjekk/embed.md` into docs/ on a municipality's own site (none on the national one)."""
    if renderer.shape.municipality is None:
        return
    path = docs / "sjekk" / "embed.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(embed_page(renderer, lang, up), encoding="utf-8")


def snippet(m: Municipality, lang_prefix: str = "", title: str = "") -> str:
    """The HTML a municipality pastes into its own page (the README shows it too)."""
    base = m.publish.public_url or "https://koordinert.example/"
    src = html.escape(f"{base}{lang_prefix}{PATH}")
    label = html.escape(title or "Sjekk om du har rett på individuell plan eller koordinator")
    return (f'<iframe src="{src}" title="{label}" data-koordinert-embed '
            'style="width:100%;height:40rem;border:0"></iframe>\n'
            f'<script src="{html.escape(base + HOST_SCRIPT)}" defer></script>\n')
