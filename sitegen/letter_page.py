"""Letter templates for pages without JavaScript: `<language root>/sjekk/brev/`
lists the three letters, and `sjekk/brev/<slug>/` holds one letter with blanks
to fill in by hand, printable on A4 (`assets/koordinert/letter.css`).

The letters are made by the checker (`checker.letters`, template mode: every
blank and every choice) and rendered with the same texts as the page's letters
(`content/ui/<lang>/letters.yaml`), so the paper letter and the one written on
the device say the same thing. Plain HTML written beside the checker's other
pages without JavaScript (see `sitegen/checker_page.py`), not through mkdocs:
printed, a letter must carry nothing of the site around it.

On a municipality's own site the addressee is its unit (request) or the unit
its complaints go to, from its file; on the national site it is left blank,
with a link to the directory.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from checker import letters, rules
from sitegen.render import CSP, Renderer

if TYPE_CHECKING:
    from sitegen.model import Address
    from sitegen.registry import Place

LETTER_DIR = "brev"
# Letter kind -> its folder under sjekk/brev/ (the same in every language).
SLUGS = {"request": "be-om", "complaint": "klage",
         "complaint_no_decision": "klage-uten-vedtak"}
STYLESHEET = "assets/koordinert/letter.css"


def _address_lines(address: Address) -> list[str]:
    return [address.street, f"{address.postcode} {address.city}"]


def addressee(m: Place | None, kind: str, lang: str) -> dict[str, Any] | None:
    """The addressee from a municipality's file, in the letter's language; None without one.

    A municipality known only from the register: its name, and blank lines for
    the address (no address is invented)."""
    if m is None:
        return None
    if m.curated is None:
        return {"name": f"{m.display_name(lang)} kommune", "address": [], "source": "register"}
    if kind == "request":
        name = m.unit.name.get(lang) or m.unit.name.get(m.written_standard)
        lines = _address_lines(m.unit.postal_address)
    else:
        name = m.complaint.to.get(lang) or m.complaint.to.get(m.written_standard)
        lines = _address_lines(m.complaint.address)
    return {"name": name, "address": lines, "source": "municipality_file"}


def template_letter(kind: str, as_of: dt.date, m: Place | None,
                    letter_lang: str) -> dict[str, Any]:
    """The checker's template letter of ``kind`` (keys and values)."""
    params: dict[str, Any] = {"kind": kind, "template": True}
    to = addressee(m, kind, letter_lang)
    if to is not None:
        params["addressee"] = to
    return letters.letter(params, as_of)


def _segment(segment: Any, ui: dict[str, str], lang_attr: Markup) -> Markup:
    if isinstance(segment, str):
        return escape(segment)
    label = ui.get(f"letter.field.{segment['blank']}", segment["blank"])
    hidden = Markup('<span class="k-visually-hidden"{}> ({}: {})</span>').format(
        lang_attr, ui["letter.page.fill_in"], label)
    if segment.get("size") == "long":
        return Markup('<span class="k-blank k-blank--long">{}<span class="k-blank__line">'
                      '</span><span class="k-blank__line"></span><span class="k-blank__line">'
                      '</span></span>').format(hidden)
    return Markup('<span class="k-blank"><span class="k-blank__label" aria-hidden="true"{}>{}'
                  '</span>{}</span>').format(lang_attr, label, hidden)


def letter_html(letter: dict[str, Any], texts: dict[str, str], ui: dict[str, str],
                label_lang: str | None = None) -> Markup:
    """The letter's blocks as HTML: one element per part, blanks as lines to write on.

    ``texts`` words the letter (its language); ``ui`` labels the blanks (the
    page's language, marked ``label_lang`` when it is not the letter's)."""
    lang_attr = Markup(' lang="{}"').format(label_lang) if label_lang else Markup("")
    parts = []
    for block in letters.render_blocks(letter, texts):
        lines = [Markup("").join(_segment(s, ui, lang_attr) for s in segments)
                 for segments in block["lines"]]
        part = block["part"]
        if part in ("sender", "addressee", "signature"):
            inner = Markup("").join(
                Markup('<span class="k-letter__line">{}</span>').format(line) for line in lines)
            parts.append(Markup('<div class="k-letter__{}">{}</div>').format(part, inner))
        elif part == "choices":
            items = Markup("").join(Markup("<li>{}</li>").format(line) for line in lines[1:])
            parts.append(Markup('<div class="k-letter__choices"><p>{}</p><ul>{}</ul></div>')
                         .format(lines[0], items))
        else:
            parts.append(Markup('<p class="k-letter__{}">{}</p>').format(part, lines[0]))
    return Markup("\n").join(parts)


def _rule_words(ui: dict[str, str], on: dt.date) -> dict[str, str]:
    """The deadline lengths and laws the complaint pages state, from the rule data."""
    out: dict[str, str] = {}
    for basis in ("health", "social"):
        weeks = rules.lookup(f"complaint.weeks.{basis}", on)
        out[f"{basis}_weeks"] = str(weeks.value) if weeks else "?"
        out[f"{basis}_rule"] = (f"{ui['letter.law.' + weeks.law]} {weeks.paragraph}"
                                if weeks else "?")
        right = rules.lookup(f"letter.complaint.{basis}", on)
        out[f"{basis}_law"] = (f"{ui['letter.law.' + right.law]} {right.paragraph}"
                               if right else "?")
    return out


def _words(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def write_letter_pages(renderer: Renderer, lang: str, dest: Path, site_name: str) -> int:
    """The letter pages of one language under dest/brev/ (the build moves dest's
    contents into <language root>/sjekk/); returns how many pages."""
    shape = renderer.shape
    ui = renderer.content.ui[lang]
    m = shape.municipality
    # An English page prints the Norwegian letter in the municipality's written
    # standard (bokmål on the national site).
    send_lang = letters.send_language(lang, m.written_standard if m else None)
    base = dest / LETTER_DIR
    env = renderer.html
    common = {"ui": ui, "lang": lang, "csp": CSP, "site_name": site_name, "m": m,
              "national": shape.national, "slugs": SLUGS, "kinds": letters.KINDS,
              "stylesheet": STYLESHEET}
    base.mkdir(parents=True, exist_ok=True)
    (base / "index.html").write_text(env.get_template("letter_index.html.j2").render(
        root="../../", **common), encoding="utf-8")
    rule_words = _rule_words(ui, shape.as_of)
    for kind in letters.KINDS:
        send = template_letter(kind, shape.as_of, m, send_lang)
        if send["status"] != "known":
            continue  # a date the rules do not cover: no template rather than a wrong one
        reading = template_letter(kind, shape.as_of, m, lang) if send_lang != lang else None
        html = env.get_template("letter_static.html.j2").render(
            root="../../../", kind=kind, send_lang=send_lang,
            letter=letter_html(send, letters.texts_for(send_lang), ui,
                               lang if send_lang != lang else None),
            reading=letter_html(reading, ui, ui) if reading else None,
            notes=letters.render_notes(send, ui),
            deadline=_words(ui["letter.page.deadline"], rule_words),
            nav=_words(ui["letter.page.nav"], rule_words), **common)
        path = base / SLUGS[kind] / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return 1 + len(letters.KINDS)
