"""The checker pages: the scripted question flow, the deadline tool and the
static pages that do the same without JavaScript.

Everything a visitor reads comes from `content/ui/<lang>/checker.yaml`; the
routing and the outcomes come from the checker engine (`checker.flow`,
`checker.deadlines`), run here at build time for the pages without
JavaScript and in the browser (Pyodide) for the scripted flow.

Written per language:

- `docs/sjekk.md`: the checker page. Its questions are static HTML, usable at
  first paint; `checker-flow.js` shows one at a time and asks the engine in a
  Web Worker. The wording the script needs is in a JSON data block (not
  executed, so the Content-Security-Policy allows it). On a municipality's
  own site its contacts are rendered here (autoescaped) and only shown by
  the script.
- `sjekk/kommuner.json` (national site, written beside the pages without
  JavaScript): every municipality's contact and complaint details as HTML
  made by the same autoescaping templates, and the addressees of its letters
  (`letter`, for checker-letters.js); the page fetches it when a
  municipality is chosen, so the page itself stays small.
- `sjekk/utfall.json`: every outcome the flow can end in, as HTML from the
  one outcome template (`_outcome.html.j2`, also used by the pages without
  JavaScript), keyed by `outcome_key` of the engine's result; the scripted
  page shows these instead of building its own.
- `sjekk/instant.json`, `sjekk/instant-dates.json`: the engine's answers the
  page shows before Python is ready (`sitegen/instant.py`).
- `docs/sjekk/uten-js/<answer tokens>/index.html`: one plain page per state
  of the flow (`checker.flow.enumerate_states`), answers as links, outcomes
  pre-rendered. They are plain HTML files that mkdocs copies as they are:
  thousands of pages through the theme would make every build slow.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from markupsafe import Markup

from checker import deadlines, eligibility, flow
from sitegen import instant, letter_page
from sitegen.registry import norwegian_key
from sitegen.render import CSP, Renderer, _with_front_matter

STATIC_DIR = "uten-js"
# The national site's municipality details, beside the checker page.
MUNICIPALITY_DATA = "kommuner.json"
# The outcome fragments the scripted page shows, beside the checker page.
OUTCOME_DATA = "utfall.json"
# Heading level of an outcome on the scripted page (h2 on the static pages).
OUTCOME_HEADING = 4
TABLE_DAYS = 60
PROGRAMMES = ("individuell_plan", "koordinator", "barnekoordinator")
# The service page that explains each programme (its slug in every language).
PROGRAMME_PAGES = {"individuell_plan": "individuell-plan", "koordinator": "koordinator",
                   "barnekoordinator": "barnekoordinator"}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Keys from the shared site strings that the checker's script also needs.
SHARED_KEYS = ("contact.heading", "complaint.heading")


def format_date(day: dt.date, ui: dict[str, str]) -> str:
    """A date in words in the page's language ("torsdag 9. april 2026")."""
    return ui["checker.date_format"].format(
        weekday=ui["days." + WEEKDAYS[day.weekday()]], day=day.day,
        month=ui[f"checker.month.{day.month}"], year=day.year)


def _date_markup(day: dt.date | str, ui: dict[str, str]) -> Markup:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), format_date(day, ui))


def deadline_table(as_of: dt.date, days: int = TABLE_DAYS) -> list[dict[str, Any]]:
    """The complaint deadline for a decision received on each of the next days."""
    rows = []
    for offset in range(days):
        received = as_of + dt.timedelta(days=offset)
        row: dict[str, Any] = {"received": received}
        for basis in ("health", "social"):
            out = deadlines.complaint_deadline(received, basis, received)
            row[basis] = (dt.date.fromisoformat(out["deadline"]) if out["status"] == "known"
                          else None)
            row[basis + "_moved"] = bool(out.get("moved_over"))
        rows.append(row)
    return rows


def _script_data(renderer: Renderer, lang: str) -> Markup:
    """The JSON block for checker-flow.js: wording and the flow definition."""
    ui = renderer.content.ui[lang]
    # letter.*: the labels, prompts and buttons of the letters (checker-letters.js).
    strings = {k: v for k, v in ui.items()
               if k.startswith(("checker.", "days.", "letter.")) or k in SHARED_KEYS}
    # next_step_pages: each key the engine may return in "next_steps" → the slug
    # of its page, from the rule data (checker/rules/eligibility.yaml).
    data: dict[str, Any] = {
        "lang": lang, "strings": strings, "flow": flow.definition(),
        "build_as_of": renderer.shape.as_of.isoformat(),
        "next_step_pages": eligibility.next_step_pages(renderer.shape.as_of),
        "letter_pages": {kind: f"{letter_page.LETTER_DIR}/{slug}/"
                         for kind, slug in letter_page.SLUGS.items()}}
    # A municipality's own site: the letters' addressees are in the page (the
    # national site has them per municipality in kommuner.json).
    if renderer.shape.municipality is not None:
        data["letter_to"] = letter_addressees(renderer.shape.municipality, lang)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Nothing in the block may close it or open a comment.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup('<script type="application/json" id="k-checker-data">{}</script>').format(
        Markup(text))


def _questions(ui: dict[str, str], as_of: dt.date) -> list[dict[str, Any]]:
    """Each question with the options the scripted flow shows (radios or a date)."""
    out = []
    for q in flow.questions():
        qid, kind = str(q["id"]), q["type"]
        options = [] if kind == "date" else [
            {"token": token, "value": json.dumps(value),
             "label": answer_label(qid, kind, token, ui)}
            for token, value in flow.static_choices(q, as_of)]
        out.append({"id": qid, "type": kind, "options": options})
    return out


def checker_page(renderer: Renderer, lang: str, root: str, pyodide_url: str) -> str:
    shape = renderer.shape
    ui = renderer.content.ui[lang]
    muni = shape.municipality
    listed = ([muni] if muni else sorted(
        shape.municipalities, key=lambda m: norwegian_key(m.display_name(lang))))
    body = renderer.snippet(
        "checker.html.j2", ui=ui, lang=lang, root=root, pyodide_url=pyodide_url,
        questions=_questions(ui, shape.as_of), m=muni, municipalities=listed,
        table=deadline_table(shape.as_of), as_of=shape.as_of,
        date=lambda d: _date_markup(d, ui), data=_script_data(renderer, lang),
        # Files beside the checker page, from the language's root: the same
        # page is also shown one folder deeper (the embed page, sitegen/embed.py).
        here=f"{root}sjekk/", static_dir=f"{root}sjekk/{STATIC_DIR}",
        muni_src=f"{root}sjekk/{MUNICIPALITY_DATA}",
        instant_flow=f"{root}sjekk/{instant.FLOW_FILE}",
        instant_dates=f"{root}sjekk/{instant.DATES_FILE}",
        outcomes_src=f"{root}sjekk/{OUTCOME_DATA}",
        step_pages=eligibility.next_step_pages(shape.as_of),
        letter_slugs=letter_page.SLUGS)
    meta = {"title": ui["checker.title"], "description": ui["checker.description"],
            "checker": True}
    return _with_front_matter(meta, body)


def letter_addressees(m: Any, lang: str) -> dict[str, Any]:
    """Where a municipality's letters go, for the page's letters: the request's
    and the complaint's addressee (as in its file; a municipality known only
    from the register: its name alone) and the language to send them in. An
    English page sends the Norwegian text, in the municipality's written
    standard."""
    send_lang = lang if lang in ("nb", "nn") else m.written_standard
    return {"request": letter_page.addressee(m, "request", send_lang),
            "complaint": letter_page.addressee(m, "complaint", send_lang),
            "send_lang": send_lang}


def municipality_data(renderer: Renderer, lang: str) -> str:
    """`sjekk/kommuner.json` for one language of the national site: for each
    municipality id, its "contact" and "complaint" details as HTML, from the
    autoescaping templates (checker_muni.html.j2), as the checker page shows
    them. Links are relative to the checker page, which inserts them."""
    ui = renderer.content.ui[lang]
    parts: Any = renderer.html.get_template("checker_muni.html.j2").module  # its macros
    weeks = renderer.complaint_weeks()
    data = {m.id: {"contact": str(parts.contact(m, ui, lang, f"../kommuner/{m.id}/")),
                   "complaint": str(parts.complaint(m, ui, lang, weeks)),
                   "letter": letter_addressees(m, lang)}
            for m in renderer.shape.municipalities}
    return json.dumps({"lang": lang, "municipalities": data}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")) + "\n"


def write_municipality_data(renderer: Renderer, lang: str, dest: Path) -> None:
    """Write dest/kommuner.json (the build moves it to <language root>/sjekk/);
    nothing on a municipality's own site, whose page has its one inline."""
    if renderer.shape.national:
        dest.mkdir(parents=True, exist_ok=True)
        (dest / MUNICIPALITY_DATA).write_text(municipality_data(renderer, lang),
                                              encoding="utf-8")


def outcome_key(result: dict[str, Any], turned: bool | None) -> str:
    """The key of one programme's result for the scripted page: a hash (FNV-1a,
    32 bits, over the UTF-16 code units) of its canonical JSON without the
    day the right ends, and whether that day has come. checker-format.js
    computes the same key from what the engine returns."""
    plain = {k: v for k, v in result.items() if k != "right_ends"}
    text = json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    units = text.encode("utf-16-le")
    h = 0x811C9DC5
    for i in range(0, len(units), 2):
        h = ((h ^ (units[i] | units[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    suffix = "" if turned is None else ("|turned" if turned else "|until")
    return f"{h:08x}{suffix}"


def outcome_fragments(renderer: Renderer, lang: str) -> dict[str, str]:
    """Every outcome the flow can end in on the build's day, as HTML from the
    one template (_outcome.html.j2), keyed by outcome_key. The day a child's
    right ends is an empty <time data-k-slot> the page fills in."""
    ui = renderer.content.ui[lang]
    macro: Any = renderer.html.get_template("_outcome.html.j2").module
    slot = Markup('<time data-k-slot="right_ends"></time>')
    out: dict[str, str] = {}
    for state in flow.enumerate_states(renderer.shape.as_of, with_results=True):
        for p, r in state.get("results", {}).items():
            for turned in ((True, False) if r.get("right_ends") else (None,)):
                key = outcome_key(r, turned)
                html = str(macro.outcome(p, r, ui, "../", PROGRAMME_PAGES, lambda d: slot,
                                         bool(turned), OUTCOME_HEADING))
                if out.setdefault(key, html) != html:
                    raise ValueError(f"two outcomes share the key {key}")
    return out


def write_outcome_fragments(renderer: Renderer, lang: str, dest: Path) -> None:
    """Write dest/utfall.json (the build moves it to <language root>/sjekk/)."""
    dest.mkdir(parents=True, exist_ok=True)
    data = {"lang": lang, "outcomes": outcome_fragments(renderer, lang)}
    (dest / OUTCOME_DATA).write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8")


def answer_label(qid: str, kind: str, token: str, ui: dict[str, str]) -> str:
    """How an answer (by its token) reads, on the scripted page and without
    JavaScript alike (the questions' one template, _question.html.j2)."""
    if kind in ("yes_no", "yes_no_unknown"):
        return ui[f"checker.opt.{token}"]
    return ui[f"checker.q.{qid}.opt.{token}"]


def write_static_pages(renderer: Renderer, lang: str, dest: Path, site_name: str) -> int:
    """One page per state of the flow under dest/uten-js/ (the build moves it to
    <language root>/sjekk/uten-js/); returns how many.

    Written straight into the built site: they are plain HTML and need
    nothing mkdocs gives (navigation, search), only its build time."""
    shape = renderer.shape
    ui = renderer.content.ui[lang]
    by_id = {str(q["id"]): q for q in flow.questions()}
    template = renderer.html.get_template("checker_static.html.j2")
    states = flow.enumerate_states(shape.as_of, with_results=True)
    by_path = {state["id"]: state for state in states}
    step_pages = eligibility.next_step_pages(shape.as_of)
    base = dest / STATIC_DIR
    for state in states:
        tokens = state["id"].split("/") if state["id"] else []
        depth = 2 + len(tokens)
        root = "../" * depth
        # The answers so far, with a link back to the page that asked each one.
        answered = []
        asked_path: list[str] = []
        for token in tokens:
            here = by_path["/".join(asked_path)]
            qid = str(here["question"])
            answered.append({
                "id": qid, "question": ui[f"checker.q.{qid}.question"],
                "answer": answer_label(qid, by_id[qid]["type"], token, ui),
                "href": "../" * (len(tokens) - len(asked_path)),
            })
            asked_path.append(token)
        qid = state["question"]
        question = by_id[qid] if qid else None
        choices = [{"href": f"{c['token']}/", "token": c["token"],
                    "label": answer_label(str(qid), question["type"], c["token"], ui)}
                   for c in state["choices"]] if question else []
        html = template.render(
            ui=ui, lang=lang, root=root, csp=CSP, site_name=site_name, qid=qid,
            question=question, choices=choices, answered=answered, state=state,
            results=state.get("results"), m=shape.municipality, as_of=shape.as_of,
            date=lambda d: _date_markup(d, ui), start="../" * len(tokens),
            programmes=PROGRAMMES, pages=PROGRAMME_PAGES, depth=depth,
            step_pages=step_pages)
        path = base.joinpath(*tokens, "index.html")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return len(states)


def write_checker(renderer: Renderer, lang: str, docs: Path, up: str) -> None:
    """The checker page (Markdown for mkdocs), for one language."""
    page = checker_page(renderer, lang, "../", f"../{up}pyodide/")
    (docs / "sjekk.md").write_text(page, encoding="utf-8")
