"""The answers the build prepares for the checker page (sitegen/instant.py),
read by the page's own module (checker-instant.js), are the live engine's:
for every state of the flow, every received, applied and birth date of the
window, on several days of the tables' validity, the answer from the tables
equals checker.api.handle in Pyodide, field for field. Requests the tables do
not hold (a date outside the window, a day outside the validity) must come
back unprepared, so that the page asks Python.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest
from checker_support import ROOT

from sitegen import instant

RUNNER = Path(__file__).resolve().parent / "instant_runner.mjs"
BUILD_AS_OF = dt.date(2026, 11, 22)
DAY = dt.timedelta(days=1)


def _days(first: dt.date, last: dt.date, step: int = 1) -> list[dt.date]:
    out, d = [], first
    while d <= last:
        out.append(d)
        d += dt.timedelta(days=step)
    return out


def _requests(flow: dict[str, Any],
              dates: dict[str, Any]) -> tuple[list[dict[str, Any]], list[int]]:
    """Every request to compare, and the indexes of those the tables must NOT hold."""
    from checker import flow as engine

    valid_from = dt.date.fromisoformat(flow["valid_from"])
    valid_until = dt.date.fromisoformat(flow["valid_until"])
    start = dt.date.fromisoformat(dates["start"])
    end = start + (dates["days"] - 1) * DAY
    births = dt.date.fromisoformat(dates["child"]["start"])
    days_of = [BUILD_AS_OF, BUILD_AS_OF + DAY, valid_from, BUILD_AS_OF + 100 * DAY, valid_until]
    full = {BUILD_AS_OF, valid_until}
    requests: list[dict[str, Any]] = []
    outside: list[int] = []
    states = engine.enumerate_states(BUILD_AS_OF)
    rng = random.Random(13)
    for as_of in days_of:
        iso = as_of.isoformat()
        for state in states:  # every path, ended or not
            requests.append({"command": "flow.route", "as_of": iso, "answers": state["answers"]})
            answers = state["answers"]
            if answers.get("services_needed") == 2:
                for n in (3, 7):
                    requests.append({"command": "flow.route", "as_of": iso,
                                     "answers": {**answers, "services_needed": n}})
            if "child_birth_date" in answers:
                limit = engine.add_months(as_of, -12 * 18)
                for b in sorted({limit - DAY, limit, limit + DAY, as_of, as_of + DAY,
                                 births + rng.randrange((as_of - births).days) * DAY}):
                    requests.append({"command": "flow.route", "as_of": iso,
                                     "answers": {**answers, "child_birth_date": b.isoformat()}})
        # Every birth date of the window on the question right after it.
        step = 1 if as_of in full else 11
        for b in _days(births, as_of + 2 * DAY, step):
            requests.append({"command": "flow.route", "as_of": iso,
                             "answers": {"for_whom": "child", "child_birth_date": b.isoformat()}})
        for d in _days(start, end, step):
            for basis in ("health", "social"):
                requests.append({"command": "deadline.complaint", "as_of": iso,
                                 "received": d.isoformat(), "basis": basis})
            requests.append({"command": "deadline.reply", "as_of": iso, "applied": d.isoformat()})
        for b in _days(births, as_of + 3 * DAY, step):
            requests.append({"command": "deadline.child_coordinator", "as_of": iso,
                             "birth_date": b.isoformat()})
    # Not prepared: the page must ask Python for these.
    for request in (
        {"command": "deadline.complaint", "as_of": BUILD_AS_OF.isoformat(),
         "received": (start - DAY).isoformat(), "basis": "health"},
        {"command": "deadline.complaint", "as_of": BUILD_AS_OF.isoformat(),
         "received": (end + DAY).isoformat(), "basis": "social"},
        {"command": "deadline.complaint", "as_of": BUILD_AS_OF.isoformat(),
         "received": start.isoformat(), "basis": "health", "decided": start.isoformat()},
        {"command": "deadline.reply", "as_of": (valid_until + DAY).isoformat(),
         "applied": BUILD_AS_OF.isoformat()},
        {"command": "deadline.child_coordinator", "as_of": BUILD_AS_OF.isoformat(),
         "birth_date": (births - DAY).isoformat()},
        {"command": "flow.route", "as_of": BUILD_AS_OF.isoformat(),
         "answers": {"for_whom": "child", "child_birth_date": (births - DAY).isoformat()}},
        {"command": "flow.route", "as_of": (valid_from - DAY).isoformat(),
         "answers": {"for_whom": "self"}},
        {"command": "flow.route", "as_of": BUILD_AS_OF.isoformat(),
         "answers": {"for_whom": "nobody"}},
        {"command": "flow.route", "as_of": BUILD_AS_OF.isoformat(),
         "answers": {"for_whom": "self", "services_needed": -1}},
    ):
        outside.append(len(requests))
        requests.append(request)
    return requests, outside


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("instant")
    instant.write(dest, BUILD_AS_OF)
    return dest


def test_every_prepared_answer_is_the_live_engines(site_wheel: Path, site_stdlib: Path,
                                                   tables: Path, tmp_path: Path) -> None:
    flow = json.loads((tables / instant.FLOW_FILE).read_text(encoding="utf-8"))
    dates = json.loads((tables / instant.DATES_FILE).read_text(encoding="utf-8"))
    requests, outside = _requests(flow, dates)
    req_file = tmp_path / "requests.json"
    req_file.write_text(json.dumps(requests), encoding="utf-8")
    proc = subprocess.run(["node", str(RUNNER), str(site_wheel), str(tables), str(req_file)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "KOORDINERT_STDLIB": str(site_stdlib)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["mismatches"] == []
    assert report["unprepared"] == outside, [requests[i] for i in report["unprepared"]
                                             if i not in outside][:5]
    assert report["prepared"] == len(requests) - len(outside) > 20_000


def test_the_tables_cover_the_window_and_stay_small(tables: Path) -> None:
    import gzip

    flow = json.loads((tables / instant.FLOW_FILE).read_text(encoding="utf-8"))
    dates = json.loads((tables / instant.DATES_FILE).read_text(encoding="utf-8"))
    from checker import flow as engine

    assert len(flow["states"]) == len(engine.enumerate_states(BUILD_AS_OF))
    assert dates["days"] == 2 * instant.WINDOW_DAYS + 1
    assert dates["start"] == (BUILD_AS_OF - instant.WINDOW_DAYS * DAY).isoformat()
    assert len(dates["complaint"]["health"]["rows"]) == dates["days"]
    assert len(dates["complaint"]["health"]["kinds"]) < 100
    # Every birth date that makes a child under 18 on some day of the validity.
    first = dt.date.fromisoformat(dates["valid_from"])
    assert dates["child"]["start"] <= engine.add_months(first, -12 * 18).isoformat()
    # Before the first question only instant.json is fetched.
    flow_gz = len(gzip.compress((tables / instant.FLOW_FILE).read_bytes(), 9))
    dates_gz = len(gzip.compress((tables / instant.DATES_FILE).read_bytes(), 9))
    assert flow_gz < 15_000, flow_gz
    assert dates_gz < 15_000, dates_gz


def test_the_tables_are_reproducible(tables: Path, tmp_path: Path) -> None:
    instant.write(tmp_path, BUILD_AS_OF)
    for name in (instant.FLOW_FILE, instant.DATES_FILE):
        assert (tmp_path / name).read_bytes() == (tables / name).read_bytes()
