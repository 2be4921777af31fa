"""The checker's wording (content/ui/<lang>/checker.yaml) against the engine and
the legal review (issue 14): every key the engine can return has its words in
nb, nn and en, and the corrected statements say what the law says."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from checker import eligibility, rules

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("nb", "nn", "en")
UI = {lang: yaml.safe_load((ROOT / "content" / "ui" / lang / "checker.yaml").read_text("utf-8"))
      for lang in LANGS}
AS_OF = dt.date(2026, 11, 22)


def _rule_values(prefix: str) -> list[rules.RuleValue]:
    found = [rules.lookup(r, AS_OF) for r in rules.rule_ids(prefix)]
    return [v for v in found if v is not None]


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_the_engine_returns_has_words(lang: str) -> None:
    ui = UI[lang]
    for programme in eligibility.PROGRAMMES:
        for outcome in eligibility.OUTCOMES:
            assert ui.get(f"checker.outcome.{programme}.{outcome}"), (programme, outcome)
    # The rules whose references a result shows (the calendar's and the next
    # steps' are not shown; the next steps are links to pages).
    shown = ("criterion.", "doubt.", "consent.", "complaint.", "reply.", "child_coordinator.")
    values = [v for prefix in shown for v in _rule_values(prefix)]
    assert values
    for value in values:
        assert ui.get(f"checker.law.{value.law}"), value.rule
        for flag in value.flags:
            assert ui.get(f"checker.flag.{flag}"), (value.rule, flag)
    for rule_id in rules.rule_ids("criterion."):
        assert ui.get("checker.criterion." + rule_id.rsplit(".", 1)[1]), rule_id
    for key in eligibility.next_step_pages(AS_OF):
        assert ui.get(f"checker.next_step.{key}"), key
    for value in _rule_values("complaint.to."):
        assert ui.get(f"checker.complaint.in_time.{value.value}"), value.rule
        assert ui.get(f"checker.ics.description.{value.value}"), value.rule


NAV_OFFICE = {"nb": "NAV-kontoret", "nn": "NAV-kontoret", "en": "NAV office"}
STATSFORVALTER = {"nb": "Statsforvalteren", "nn": "Statsforvaltaren", "en": "Statsforvalteren"}
MUNICIPALITY = {"nb": "kommunen", "nn": "kommunen", "en": "municipality"}


@pytest.mark.parametrize("lang", LANGS)
def test_a_nav_complaint_goes_to_the_nav_office_then_statsforvalteren(lang: str) -> None:
    """E4: not "kommunen" for the social (NAV) basis."""
    ui = UI[lang]
    in_time = ui["checker.complaint.in_time.nav_office"]
    assert NAV_OFFICE[lang] in in_time and STATSFORVALTER[lang] in in_time
    assert MUNICIPALITY[lang] not in in_time.lower()
    ics = ui["checker.ics.description.nav_office"]
    assert NAV_OFFICE[lang] in ics and MUNICIPALITY[lang] not in ics.lower()
    health = ui["checker.complaint.in_time.municipality"]
    assert MUNICIPALITY[lang] in health.lower() and STATSFORVALTER[lang] in health
    # Texts shown whatever the basis name both routes.
    for key in ("checker.rules.in_time", "checker.complaint.in_time", "checker.ics.description"):
        assert NAV_OFFICE[lang] in ui[key] and MUNICIPALITY[lang] in ui[key].lower(), key
    for key in ("checker.rules.in_time", "checker.complaint.in_time"):
        assert STATSFORVALTER[lang] in ui[key], key
    assert "§ 32" in ui["checker.rules.in_time"] or "section 32" in ui["checker.rules.in_time"]


WRITTEN_DECISION = {"nb": r"skriftlig vedtak", "nn": r"skriftleg vedtak",
                    "en": r"written decision"}
WITHOUT = {"nb": r"selv om dere ikke har fått et skriftlig vedtak",
           "nn": r"sjølv om de ikkje har fått eit skriftleg vedtak",
           "en": r"even without a written decision"}


@pytest.mark.parametrize("lang", LANGS)
def test_no_written_decision_is_promised_and_one_can_complain_without(lang: str) -> None:
    """E3: pbrl § 2-7 sets aside fvl chapters IV and V; pbrl § 7-2 covers no answer."""
    decision = UI[lang]["checker.next.decision"]
    # "give you a written decision" as a duty is gone; complaining without one is said.
    assert not re.search(r"(gi dere|gi dykk|give you) (et |eit |a )?"
                         + WRITTEN_DECISION[lang], decision)
    assert re.search(WITHOUT[lang], decision)
    assert "7-2" in decision
    assert "vedtak" not in UI[lang]["checker.next.complain"].lower()
    assert "decision" not in UI[lang]["checker.next.complain"].lower()


UNDUE_DELAY = {"nb": ("uten ugrunnet opphold", "foreløpig svar"),
               "nn": ("utan ugrunna opphald", "førebels svar"),
               "en": ("without undue delay", "interim reply")}


@pytest.mark.parametrize("lang", LANGS)
def test_the_reply_rule_is_without_undue_delay_with_an_interim_reply(lang: str) -> None:
    """L5: fvl § 11 a is "without undue delay", and an interim reply after one month."""
    for words in UNDUE_DELAY[lang]:
        assert words in UI[lang]["checker.rules.reply"], words
    assert UNDUE_DELAY[lang][1] in UI[lang]["checker.reply.result"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_18_year_limit_is_hedged_as_in_its_flag(lang: str) -> None:
    """L4: checker.rules.child says the same doubt as checker.flag.age_limit_source_uncertain."""
    flag = UI[lang]["checker.flag.age_limit_source_uncertain"]
    doubt = flag.split(". ")[-1]  # "It is uncertain whether it is written in the Act itself."
    assert doubt in UI[lang]["checker.rules.child"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_doubts_are_said_in_words(lang: str) -> None:
    """D1, D2: the flag of each doubt says that it is uncertain and why."""
    uncertain = {"nb": "usikkert", "nn": "usikkert", "en": "uncertain"}[lang]
    for value in _rule_values("doubt."):
        for flag in value.flags:
            assert uncertain in UI[lang][f"checker.flag.{flag}"], flag
    assert "7-2" in UI[lang]["checker.flag.hol_wording_uncertain"]
    # The old flag said "we follow the Patient and User Rights Act", hiding the doubt.
    assert not re.search(r"Vi følger|Vi følgjer|We follow",
                         UI[lang]["checker.flag.hol_wording_uncertain"])


# Lovdata's English title of pasient- og brukerrettighetsloven; other spellings
# that crept in before (issue 14, "one English name per law").
PBRL_ENGLISH = "Patients' and Users' Rights Act"
PBRL_OTHER = re.compile(r"Patients?'? and Users?'? Rights Act")


def test_english_texts_name_the_patients_rights_act_one_way() -> None:
    files = [*sorted((ROOT / "content" / "services").glob("*/en.md")),
             *sorted((ROOT / "content" / "ui" / "en").glob("*.yaml"))]
    found = {str(f.relative_to(ROOT)): [m.group(0) for m in PBRL_OTHER.finditer(
        f.read_text("utf-8")) if m.group(0) != PBRL_ENGLISH] for f in files}
    assert {f: names for f, names in found.items() if names} == {}
    assert any(PBRL_ENGLISH in f.read_text("utf-8") for f in files)
