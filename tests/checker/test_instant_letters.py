"""The letters the build prepares for the checker page (sitegen/instant_letters.py),
filled in by the page's own module (checker-letters-instant.js), are the live
engine's: for every kind, programme combination, for whom, basis, situation,
language (with the Norwegian text an English page sends, in bokmål and in
nynorsk) and every set of filled and empty fields, with the addressee's shapes
and the dates spread over the tables' validity and window, the prepared letter
equals checker.api.handle's in Pyodide, word for word. Requests the file does
not hold, or that Python might refuse, come back unprepared, so that the page
asks Python.
"""

from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest
from checker_support import ROOT

from sitegen import instant, instant_letters

RUNNER = Path(__file__).resolve().parent / "instant_letters_runner.mjs"
BUILD_AS_OF = dt.date(2026, 11, 22)
DAY = dt.timedelta(days=1)
LANGS = ("nb", "nn", "en")
# The visitor's words: Norwegian letters, quotes, what a JS replacement pattern
# would expand ($&, $1), line breaks in the long fields.
WORDS = {
    "who": "Ola (9 år), sønnen vår",
    "help_today": "Fysioterapeut to gonger i veka.\nHelsesjukepleiar på skulen.",
    "hard": "Vi må sjølv ringje \"alle\" etter kvart $& $1 møte.",
    "preferred_coordinator": "Kari i helsestasjonen",
    "case_number": "2026/1234-5",
    "refused": "Søknaden om individuell plan.",
    "wants": "Vi vil ha ein plan og ein koordinator.",
    "why": "Barnet har behov for langvarige og koordinerte tenester.\n\nSjå vedlegg.",
    "late_reason": "Vi fekk brevet først no.",
    "what_happened": "Vi søkte 1. mars og har ikkje fått svar.",
}
ADDRESSEES: list[dict[str, Any] | None] = [
    None,
    {"name": "Askøy kommune", "address": [], "source": "register"},
    {"name": "Tildelingskontoret", "address": ["Postboks 323", "5323 Kleppestø"],
     "source": "municipality_file"},
]


def _subsets(names: list[str]) -> list[tuple[str, ...]]:
    return [c for n in range(len(names) + 1) for c in itertools.combinations(names, n)]


def _requests(table: dict[str, Any], lang: str, send: str | None,
              pairs: dict[str, list[list[tuple[dt.date, dt.date]]]],
              days: list[dt.date], rng: random.Random) -> list[dict[str, Any]]:
    """Every combination the page can ask for in ``lang``, each set of fields;
    the addressee and the dates turn with the combinations."""
    from checker import letters
    from checker.answers import FOR_WHOM

    out: list[dict[str, Any]] = []
    turn = itertools.count()

    def base(kind: str, progs: tuple[str, ...]) -> dict[str, Any]:
        n = next(turn)
        request: dict[str, Any] = {"command": "letter", "kind": kind, "lang": lang,
                                   "programmes": list(progs)}
        if send is not None:
            request["send_lang"] = send
        to = ADDRESSEES[n % len(ADDRESSEES)]
        if to is not None:
            request["addressee"] = to
        request["as_of"] = days[n % len(days)].isoformat()
        return request

    programmes = [c for n in range(1, 4) for c in itertools.combinations(letters.PROGRAMMES, n)]
    for progs in programmes:
        for for_whom in (None, *FOR_WHOM):
            if for_whom == "self" and "barnekoordinator" in progs:
                continue
            fields = [f for f in letters.FIELDS["request"]
                      if f != "preferred_coordinator" or set(progs) & set(letters.COORDINATORS)]
            for chosen in _subsets(fields):
                request = base("request", progs)
                if for_whom is not None:
                    request["for_whom"] = for_whom
                if chosen:
                    request["fields"] = {f: WORDS[f] for f in chosen}
                out.append(request)
        for situation in (None, *letters.SITUATIONS):
            for chosen in _subsets(list(letters.FIELDS["complaint_no_decision"])):
                request = base("complaint_no_decision", progs)
                if situation is not None:
                    request["situation"] = situation
                if chosen:
                    request["fields"] = {f: WORDS[f] for f in chosen}
                out.append(request)
        for basis in ("health", "social"):
            for chosen in _subsets(list(letters.FIELDS["complaint"])):
                request = base("complaint", progs)
                shapes = pairs[basis]
                on, received = rng.choice(shapes[len(out) % len(shapes)])
                request.update({"as_of": on.isoformat(), "basis": basis,
                                "received": received.isoformat()})
                if chosen:
                    request["fields"] = {f: WORDS[f] for f in chosen}
                out.append(request)
    return out


def _pairs(dates: dict[str, Any], days: list[dt.date]) -> dict[str, list[list[tuple[dt.date,
                                                                                   dt.date]]]]:
    """For each basis, (as_of, received) pairs grouped by the deadline's shape."""
    from checker import deadlines

    start = dt.date.fromisoformat(dates["start"])
    found: dict[str, dict[str, list[tuple[dt.date, dt.date]]]] = {"health": {}, "social": {}}
    for on in days:
        for offset in range(0, (on - start).days + 1, 3):
            received = start + offset * DAY
            for basis in found:
                answer = deadlines.complaint_deadline(received, basis, on, None)
                shape = json.dumps(instant_letters.deadline_key(answer), sort_keys=True)
                found[basis].setdefault(shape, []).append((on, received))
    return {basis: [v for _, v in sorted(shapes.items())] for basis, shapes in found.items()}


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("instant-letters")
    instant.write(dest, BUILD_AS_OF)
    # As the build writes them: every language's data assembled once (each
    # file is held to what one language alone writes, below).
    instant_letters.write_all([(lang, dest / lang) for lang in LANGS], BUILD_AS_OF)
    return dest


def test_every_prepared_letter_is_the_live_engines(wheel: Path, tables: Path,
                                                   tmp_path: Path) -> None:
    dates = json.loads((tables / instant.DATES_FILE).read_text(encoding="utf-8"))
    first = dt.date.fromisoformat(dates["valid_from"])
    last = dt.date.fromisoformat(dates["valid_until"])
    days = [BUILD_AS_OF, BUILD_AS_OF + DAY, first, BUILD_AS_OF + 100 * DAY, last,
            BUILD_AS_OF - 200 * DAY, dt.date(2027, 2, 28), dt.date(2026, 12, 31)]
    pairs = _pairs(dates, days)
    assert len(pairs["health"]) >= 5, pairs.keys()  # late or not, moved or not, past the limit
    rng = random.Random(16)
    requests: list[dict[str, Any]] = []
    for lang, send in (("nb", None), ("nn", None), ("en", "nb"), ("en", "nn")):
        table = json.loads((tables / lang / instant_letters.FILE).read_text(encoding="utf-8"))
        requests += _requests(table, lang, send, pairs, days, rng)
    prepared_count = len(requests)
    # Not prepared: the page must ask Python for these.
    plain = {"command": "letter", "kind": "request", "lang": "nb", "as_of": BUILD_AS_OF.isoformat(),
             "programmes": ["koordinator"]}
    complaint = {"command": "letter", "kind": "complaint", "lang": "nb", "basis": "health",
                 "as_of": BUILD_AS_OF.isoformat(), "programmes": ["koordinator"],
                 "received": (BUILD_AS_OF - 3 * DAY).isoformat()}
    outside = [
        {**plain, "as_of": (last + DAY).isoformat()},
        {**plain, "as_of": (first - DAY).isoformat()},
        {**plain, "fields": {"who": "x" * 201}},                      # too long: an error
        {**plain, "fields": {"who": "a\u0007b"}},                      # control character
        {**plain, "fields": {"hard": " padded "}},                     # Python strips it
        {**plain, "fields": {"who": "two\nlines"}},                    # one-line field
        {**plain, "fields": {"wants": "not a request field"}},
        {**plain, "programmes": ["barnekoordinator"], "for_whom": "self"},
        {**plain, "send_lang": "nn"},
        {**plain, "lang": "en"},                                       # en sends a send_lang
        {**plain, "template": True},
        {**plain, "addressee": {"address": ["Postboks 1"]}},
        {**complaint, "received": (dt.date.fromisoformat(dates["start"]) - DAY).isoformat()},
        {**complaint, "received": (BUILD_AS_OF + DAY).isoformat()},
        {**complaint, "decided": (BUILD_AS_OF - 9 * DAY).isoformat()},
        {**complaint, "basis": None},
        {**plain, "kind": "complaint_no_decision", "basis": "social"},
    ]
    requests += outside
    req_file = tmp_path / "requests.json"
    req_file.write_text(json.dumps(requests), encoding="utf-8")
    proc = subprocess.run(["node", str(RUNNER), str(wheel), str(tables), str(req_file)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["mismatches"] == []
    assert report["unprepared"] == list(range(prepared_count, len(requests))), [
        requests[i] for i in report["unprepared"] if i < prepared_count][:3]
    assert report["prepared"] == prepared_count > 4000


def test_the_letters_file_is_small_and_reproducible(tables: Path, tmp_path: Path) -> None:
    for lang in LANGS:
        raw = (tables / lang / instant_letters.FILE).read_bytes()
        assert len(gzip.compress(raw, 9)) < (20_000 if lang == "en" else 10_000), lang
    for lang in LANGS:
        instant_letters.write(tmp_path / lang, lang, BUILD_AS_OF)
        assert (tmp_path / lang / instant_letters.FILE).read_bytes() == (
            tables / lang / instant_letters.FILE).read_bytes(), lang
