"""The letters the checker page shows before Pyodide is ready: written at build
time by the same Python (`checker.letters`), with slots where the visitor's
words and the day's dates go (issue 16, with issue 13's instant-path rule).

One file per language root, `sjekk/instant-letters.json` (the page fetches it
when a letter section is shown, never before the first question). For every
letter the page can ask for — kind, the written language it is sent in,
for whom, basis, situation, each combination of programmes, the addressee's
shape (none, a name, a name and an address) and, for a complaint, the shape of
its deadline (the parts of the deadline answer the letter's words depend on,
:data:`DEADLINE_KEY`) — the build runs :func:`checker.letters.parse_spec`,
:func:`~checker.letters.assemble` and :func:`~checker.letters.with_text` with
every free-text field filled by a slot (``⟦who⟧``), the addressee's name and
address as slots, and each date the letter names (today, the day the decision
came, the deadline) replaced by a slot before the words are put in.

What the page does with it (checker-letters-instant.js) is mechanical: pick
the letter by its key, keep or drop each paragraph the build marked with a
field (for each field the build ran the letter once more without it and
recorded which paragraph goes or what replaces it), and put the visitor's
words and the dates into the slots, dates in words with the same format and
month names as `checker.letters.format_date` (from the letter texts). The
deadline's shape comes from the page's own prepared deadline answer
(checker-instant.js over instant-dates.json). Anything the file does not hold
(another day's rules, a date outside the window, text Python might refuse)
goes to Python. `tests/checker/test_instant_letters.py` holds every prepared
letter equal to the live engine's, for every combination, every set of filled
fields and dates across the window.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from checker import deadlines, letters
from checker.answers import FOR_WHOM
from checker.errors import CheckerInputError
from sitegen import instant

FILE = "instant-letters.json"
VERSION = 1
OPEN, CLOSE = "\u27e6", "\u27e7"  # ⟦name⟧: a slot
SLOT = re.compile(OPEN + r"(\w+)" + CLOSE)
PARAGRAPH = "\n\n"  # render_text joins the letter's blocks with an empty line
# The parts of a complaint deadline answer the letter's words depend on
# (checker/letters.py: _complaint_body, _complaint_notes): "value" is the field
# as it is, "any" whether a list has any item. The dates are slots. Everything
# else in the answer is the same on every day of the tables' validity; the
# build checks that two days of each shape give the same letter, and the test
# compares the letters of every day.
DEADLINE_KEY = {"status": "value", "late": "value", "past_late_limit": "value",
                "moved_over": "any"}
ADDRESSEES = ("none", "name", "full")
# Dates the build writes as slots, by their role.
DATE_SLOTS = ("today", "received", "deadline")


def slot(name: str) -> str:
    return f"{OPEN}{name}{CLOSE}"


def deadline_key(answer: dict[str, Any]) -> dict[str, Any]:
    """The shape of a deadline answer (api's deadline.complaint), as the page computes it."""
    out: dict[str, Any] = {}
    for field, how in DEADLINE_KEY.items():
        value = answer.get(field)
        out[field] = bool(value) if how == "any" else value
    return out


def _dated(value: Any, dates: dict[str, str]) -> Any:
    """Every ``{"date": iso}`` value as its slot; a date not in ``dates`` is an error
    (the page could not fill it). The letter is plain data (lists, dicts, text):
    walked as such (a round trip through JSON text took a third of the letters'
    time)."""
    if isinstance(value, list):
        return [item if isinstance(item, str) else _dated(item, dates) for item in value]
    if isinstance(value, dict):
        if len(value) == 1 and isinstance(value.get("date"), str):
            name = dates.get(value["date"])
            if name is None:
                raise ValueError(f"the letter names a date the page cannot fill: {value['date']}")
            return {"text": slot(name)}
        return {key: item if isinstance(item, str) else _dated(item, dates)
                for key, item in value.items()}
    return value


# A letter's data as the engine assembled it, its dates as slots, by its
# request: the same in every language (only with_text puts in the words).
Assembled = dict[tuple[str, dt.date, tuple[tuple[str, str], ...]], Any]


class _Letters:
    """Paragraphs stored once; each letter as lists of paragraph indexes."""

    def __init__(self, lang: str, as_of: dt.date, assembled: Assembled | None = None) -> None:
        self.lang = lang
        self.as_of = as_of
        self.paragraphs: list[str] = []
        self._index: dict[str, int] = {}
        self.letters: dict[str, Any] = {}
        self.renders = 0
        self._assembled: Assembled = {} if assembled is None else assembled

    def para(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.paragraphs)
            self.paragraphs.append(text)
        return self._index[text]

    def render(self, params: dict[str, Any], on: dt.date, dates: dict[str, str],
               send_lang: str | None) -> dict[str, list[str]]:
        """The letter's words with slots, as lists (text, notes, send). Raises
        CheckerInputError when the engine refuses the request."""
        self.renders += 1
        # The same letter is asked for once per language it is sent in (en:
        # nb and nn) and once per language of the page; its data depends on
        # neither, so it is assembled once (for every language written together).
        key = (json.dumps(params, sort_keys=True), on, tuple(dates.items()))
        data = self._assembled.get(key)
        if data is None:
            data = letters.assemble(letters.parse_spec(params, on), on)
            if data["status"] != "known":
                raise CheckerInputError("as_of", "unknown")
            data = {**data, "blocks": _dated(data["blocks"], dates),
                    "notes": _dated(data["notes"], dates)}
            self._assembled[key] = data
        out = letters.with_text(data, self.lang, send_lang=send_lang)
        got = {"t": out["text"].split(PARAGRAPH), "n": list(out["notes_text"])}
        if "send_text" in out:
            got["s"] = out["send_text"].split(PARAGRAPH)
        return got

    def add(self, key: str, params: dict[str, Any], on: dt.date, dates: dict[str, str],
            send_lang: str | None) -> dict[str, Any] | None:
        """Prepare one letter: with every field it takes filled, and with none.
        A paragraph with a field's slot is marked with what stands in its place
        when the field is empty (nothing, or the paragraph the empty letter has
        there); the test holds every other set of fields to the engine's letter."""
        fields = list(letters.FIELDS[params["kind"]])
        while True:  # the fields this letter takes: the engine says which it refuses
            try:
                whole = self.render({**params, "fields": {f: slot(f) for f in fields}}, on,
                                    dates, send_lang)
                break
            except CheckerInputError as refused:
                name = refused.field.removeprefix("fields.")
                if name not in fields:
                    return None
                fields.remove(name)
        empty = self.render(params, on, dates, send_lang)
        if set(empty) != set(whole):
            raise ValueError(f"{key}: the letter without its fields is not the same letter")
        alone: dict[str, dict[str, list[str]]] = {}

        def without(name: str) -> dict[str, list[str]]:
            if name not in alone:  # every field but this one
                alone[name] = self.render({**params, "fields": {
                    f: slot(f) for f in fields if f != name}}, on, dates, send_lang)
            return alone[name]

        entry: dict[str, Any] = {"fields": fields}
        for part, paras in whole.items():
            entry[part] = _mark(paras, empty[part], fields, self, key,
                                functools.partial(_part_of, without, part))
        self.letters[key] = entry
        return entry


def _part_of(without: Callable[[str], dict[str, list[str]]], part: str,
             name: str) -> list[str]:
    return without(name)[part]


def _mark(whole: list[str], empty: list[str], fields: list[str], table: _Letters, key: str,
          without: Callable[[str], list[str]]) -> list[Any]:
    """The paragraphs of ``whole`` as indexes; one that holds a field's slot as
    [field, with it, without it (index or null)].

    Paragraphs without a slot must come back in the letter without any field
    (``empty``). Where fields' paragraphs leave nothing between them, each is
    simply left out; where something stands in their place, the letter is made
    once more without each of those fields (``without``) to see which."""
    def holds(para: str) -> list[str]:
        return [f for f in fields if slot(f) in para]

    out: list[Any] = []
    i = j = 0
    while i < len(whole):
        if not holds(whole[i]):
            if j >= len(empty) or empty[j] != whole[i]:
                raise ValueError(f"{key}: the letter without its fields differs at {whole[i]!r}")
            out.append(table.para(whole[i]))
            i, j = i + 1, j + 1
            continue
        run = i
        while i < len(whole) and holds(whole[i]):
            i += 1
        anchor = whole[i] if i < len(whole) else None
        stop = j
        while stop < len(empty) and empty[stop] != anchor:
            stop += 1
        standing = empty[j:stop]
        j = stop
        for k in range(run, i):
            names = holds(whole[k])
            if len(names) > 1:
                raise ValueError(f"{key}: one paragraph holds the slots of {names}")
            name = names[0]
            if not standing:  # nothing (more) stands in the run's place
                out.append([name, table.para(whole[k]), None])
                continue
            other = without(name)
            tail = len(whole) - k - 1
            middle = other[k:len(other) - tail]
            if (other[:k] != whole[:k] or other[len(other) - tail:] != whole[k + 1:]
                    or len(middle) > 1):
                raise ValueError(f"{key}: leaving out {name} changes more than its paragraph")
            out.append([name, table.para(whole[k]), table.para(middle[0]) if middle else None])
            if middle:
                if middle[0] not in standing:
                    raise ValueError(f"{key}: leaving out {name} puts in {middle[0]!r}")
                standing = standing[standing.index(middle[0]) + 1:]
    if j != len(empty):
        raise ValueError(f"{key}: the letter without its fields has more paragraphs")
    return out


def _programmes() -> Iterator[tuple[str, ...]]:
    for n in range(1, len(letters.PROGRAMMES) + 1):
        yield from itertools.combinations(letters.PROGRAMMES, n)


def _addressee(shape: str) -> dict[str, Any] | None:
    if shape == "none":
        return None
    return {"name": slot("to_name"), "address": [slot("to_address")] if shape == "full" else []}


def letter_key(kind: str, send_lang: str | None, for_whom: str | None, basis: str | None,
               situation: str | None, programmes: tuple[str, ...], addressee: str,
               deadline: int | None) -> str:
    """The key the page computes from its request (checker-letters-instant.js)."""
    return "|".join([kind, send_lang or "", for_whom or "", basis or "", situation or "",
                     "+".join(programmes), addressee, "" if deadline is None else str(deadline)])


@functools.lru_cache(maxsize=4)
def _deadline_days(first: dt.date, last: dt.date,
                   start: dt.date) -> dict[str, dict[str, list[tuple[dt.date, dt.date]]]]:
    """For each basis, each deadline shape (as JSON) with days (as_of, received)
    that give it, today, received and the deadline all different. The same for
    every language: kept (read it, do not change it)."""
    found: dict[str, dict[str, list[tuple[dt.date, dt.date]]]] = {b: {} for b in deadlines.BASES}
    for on in (first + (last - first) / 2, last):
        for offset in range(1, (on - start).days + 1, 1):
            received = on - dt.timedelta(days=offset)
            for basis in deadlines.BASES:
                answer = deadlines.complaint_deadline(received, basis, on, None)
                if answer.get("deadline") in (None, on.isoformat()):
                    continue
                shape = json.dumps(deadline_key(answer), sort_keys=True)
                days = found[basis].setdefault(shape, [])
                if len(days) < 2:
                    days.append((on, received))
    return found


def letters_table(lang: str, as_of: dt.date,
                  assembled: Assembled | None = None) -> dict[str, Any]:
    """Every letter the page of ``lang`` can ask for, prepared (see the module doc).
    ``assembled``: the letters' data shared with other languages' tables."""
    texts = letters.bundled_texts()
    for words in texts.values():
        for key, text in words.items():
            if OPEN in text or CLOSE in text:
                raise ValueError(f"letter text {key} holds the slot mark {OPEN}")
    first, last = instant.validity(as_of)
    window_start = as_of - dt.timedelta(days=instant.WINDOW_DAYS)
    sends: tuple[str | None, ...] = (None,) if lang in letters.NORWEGIAN else letters.NORWEGIAN
    table = _Letters(lang, as_of, assembled)
    today = {as_of.isoformat(): "today"}
    for send, shape in itertools.product(sends, ADDRESSEES):
        base: dict[str, Any] = {}
        to = _addressee(shape)
        if to is not None:
            base["addressee"] = to
        for for_whom in (None, *FOR_WHOM):
            for progs in _programmes():
                params = {**base, "kind": "request", "programmes": list(progs)}
                if for_whom is not None:
                    params["for_whom"] = for_whom
                table.add(letter_key("request", send, for_whom, None, None, progs, shape, None),
                          params, as_of, today, send)
        for situation in (None, *letters.SITUATIONS):
            for progs in _programmes():
                params = {**base, "kind": "complaint_no_decision", "programmes": list(progs)}
                if situation is not None:
                    params["situation"] = situation
                table.add(letter_key("complaint_no_decision", send, None, None, situation, progs,
                                     shape, None), params, as_of, today, send)
    shapes: list[dict[str, Any]] = []
    for basis, found in _deadline_days(first, last, window_start).items():
        for shape_json, days in sorted(found.items()):
            shape_value = json.loads(shape_json)
            if shape_value not in shapes:
                shapes.append(shape_value)
            index = shapes.index(shape_value)
            for send, shape in itertools.product(sends, ADDRESSEES):
                to = _addressee(shape)
                for number, progs in enumerate(_programmes()):
                    key = letter_key("complaint", send, None, basis, None, progs, shape, index)
                    made = []
                    # The second day of the shape checks that the shape is all the
                    # letter depends on (once per shape: it does not depend on the
                    # programmes or the addressee).
                    for on, received in days[:2 if number == 0 and shape == "none" else 1]:
                        deadline = deadlines.complaint_deadline(received, basis, on, None)
                        dates = {on.isoformat(): "today", received.isoformat(): "received",
                                 str(deadline["deadline"]): "deadline"}
                        params = {"kind": "complaint", "programmes": list(progs),
                                  "basis": basis, "received": received.isoformat()}
                        if to is not None:
                            params["addressee"] = to
                        made.append(table.add(key, params, on, dates, send))
                    if any(m != made[0] for m in made):
                        raise ValueError(f"{key}: two days of one deadline shape differ")
    months = {code: [texts[code][f"letter.month.{m}"] for m in range(1, 13)]
              for code in sorted({lang, *(s for s in sends if s)})}
    return {
        "version": VERSION, "lang": lang, "as_of": as_of.isoformat(),
        "valid_from": first.isoformat(), "valid_until": last.isoformat(),
        "programmes": list(letters.PROGRAMMES), "fields": letters.FIELDS,
        "long": sorted(letters.LONG_FIELDS),
        "limits": {"line": letters.MAX_LINE, "text": letters.MAX_TEXT,
                   "lines": letters.MAX_LINES},
        "sends": [s for s in sends if s], "deadline_key": DEADLINE_KEY, "deadlines": shapes,
        "dates": {code: {"format": texts[code]["letter.date_format"], "months": months[code]}
                  for code in months},
        "paragraphs": table.paragraphs, "letters": table.letters,
    }


def write(dest: Path, lang: str, as_of: dt.date) -> None:
    """Write dest/instant-letters.json (the build moves it to <language root>/sjekk/)."""
    write_all([(lang, dest)], as_of)


def write_all(dests: Sequence[tuple[str, Path]], as_of: dt.date) -> None:
    """Write instant-letters.json for each (language, folder), the letters'
    data assembled once for all of them: a third of the CPU of writing each
    language apart (1.25 s against 1.8 s for nb, nn and en, measured). Each
    file is the same, byte for byte, as written alone (test_instant_letters)."""
    assembled: Assembled = {}
    for lang, dest in dests:
        dest.mkdir(parents=True, exist_ok=True)
        text = json.dumps(letters_table(lang, as_of, assembled), ensure_ascii=False,
                          sort_keys=True, separators=(",", ":")) + "\n"
        (dest / FILE).write_text(text, encoding="utf-8")
