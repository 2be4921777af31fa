"""Letters (checker/letters.py): the CLI prints the same letter as the API, bad
input names its option, every combination renders in every language, the texts
are complete and consistent, and the nb and nn texts read at LIX 40 or less."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from checker_support import ROOT

from checker import api, letters
from checker.errors import CheckerInputError
from sitegen.languages import LANGUAGES
from sitegen.letter_texts import LetterTextError, compile_letter_texts, load_letter_texts
from sitegen.readability import lix

compile_letter_texts()

AS_OF = "2026-12-02"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)


def api_letter(**params: Any) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(api.handle(json.dumps(
        {"command": "letter", "as_of": AS_OF, **params})))
    return out


# -- the CLI ------------------------------------------------------------------


def test_cli_request_prints_the_letter_the_api_makes() -> None:
    proc = run("letter", "request", "--programme", "barnekoordinator", "--programme",
               "individuell_plan", "--for-whom", "child", "--who", "Ola, født 2015",
               "--to-name", "Bokn kommune", "--to-source", "register", "--from-name",
               "Kari Nordmann", "--as-of", AS_OF)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    same = api_letter(kind="request", programmes=["barnekoordinator", "individuell_plan"],
                      for_whom="child", fields={"who": "Ola, født 2015"}, lang="nb",
                      addressee={"name": "Bokn kommune", "source": "register"},
                      sender={"name": "Kari Nordmann"})
    assert proc.stdout.startswith(same["text"])
    assert "Dato: 2. desember 2026" in proc.stdout
    assert "Jeg ber om individuell plan og barnekoordinator for barnet mitt." in proc.stdout
    assert "§ 2-5 c" in proc.stdout and "§ 2-5." in proc.stdout
    assert "\nBokn kommune\n" in proc.stdout


def test_cli_complaint_gives_the_deadline_and_the_law() -> None:
    proc = run("letter", "complaint", "--programme", "koordinator", "--received", "2026-03-12",
               "--why", "Vi trenger hjelp.", "--as-of", "2026-03-20")
    assert proc.returncode == 0, proc.stderr
    letter_part, notes = proc.stdout.split("-" * 72)
    assert "Jeg klager etter pasient- og brukerrettighetsloven § 7-2." in letter_part
    assert "Dette er grunnen til at jeg klager: Vi trenger hjelp." in letter_part
    assert "Statsforvalteren" in letter_part
    assert "Siste dag å sende klagen er 9. april 2026." in notes
    assert "rekommandert" in notes and "§ 30" in notes
    assert "9. april" not in letter_part, "the deadline is for the writer, not the letter"


def test_cli_json_is_the_api_response() -> None:
    proc = run("letter", "complaint", "--no-decision", "--programme", "individuell_plan",
               "--situation", "oral_no", "--format", "json", "--lang", "nn", "--as-of", AS_OF)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out == api_letter(kind="complaint_no_decision", programmes=["individuell_plan"],
                             situation="oral_no", lang="nn") | {"command": "letter"}
    assert "Eg har fått nei munnleg, men ikkje eit skriftleg vedtak." in out["text"]


def test_cli_english_letter_ends_with_the_norwegian_text_to_send() -> None:
    proc = run("letter", "request", "--programme", "koordinator", "--lang", "en",
               "--as-of", AS_OF)
    assert proc.returncode == 0, proc.stderr
    english, norwegian = proc.stdout.split("=" * 72)
    assert "I am asking for a coordinator." in english
    assert "Send the Norwegian text." in english
    assert "Jeg ber om koordinator." in norwegian
    assert "Retten til koordinator står i pasient- og brukerrettighetsloven § 2-5 b." in norwegian


def test_cli_english_letter_can_send_nynorsk() -> None:
    proc = run("letter", "request", "--programme", "koordinator", "--lang", "en",
               "--send-lang", "nn", "--as-of", AS_OF)
    assert proc.returncode == 0, proc.stderr
    assert "Eg ber om koordinator." in proc.stdout.split("=" * 72)[1]


def test_cli_template_has_blanks_and_boxes() -> None:
    proc = run("letter", "complaint", "--no-decision", "--template", "--as-of", AS_OF)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(letters.CHECKBOX) == len(letters.SITUATIONS)
    assert "Dato: " + letters.BLANK in proc.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["request"], "--programme: missing (is required)"),
    (["request", "--programme", "ip"], "--programme: invalid_value"),
    (["request", "--programme", "koordinator", "--programme", "koordinator"],
     "--programme: duplicate (is given twice)"),
    (["request", "--programme", "barnekoordinator", "--for-whom", "self"],
     "--programme: not_applicable"),
    (["request", "--programme", "koordinator", "--for-whom", "me"], "--for-whom: invalid_value"),
    (["request", "--programme", "individuell_plan", "--preferred-coordinator", "Per"],
     "--preferred-coordinator: not_applicable"),
    (["request", "--programme", "koordinator", "--who", "x" * 201], "--who: too_long"),
    (["request", "--programme", "koordinator", "--to-line", "a\nb"],
     "--to-line: line_break (must be one line)"),
    (["request", "--programme", "koordinator", "--to-source", "guess"],
     "--to-source: invalid_value"),
    (["request", "--programme", "koordinator", "--lang", "se"], "--lang: invalid_value"),
    (["request", "--programme", "koordinator", "--lang", "en", "--send-lang", "en"],
     "--send-lang: invalid_value"),
    (["complaint", "--programme", "koordinator", "--received", "2026-02-30"],
     "--received: invalid_date"),
    (["complaint", "--programme", "koordinator", "--received", "2026-12-01", "--decided",
      "2026-12-02"], "--decided: after_received"),
    (["complaint", "--programme", "koordinator", "--basis", "nav"], "--basis: invalid_value"),
    (["complaint", "--no-decision", "--programme", "koordinator", "--basis", "social"],
     "--basis: needs_decision"),
    (["complaint", "--programme", "koordinator", "--situation", "oral_no"],
     "--situation: not_applicable"),
    (["complaint", "--programme", "koordinator", "--what-happened", "x"],
     "--what-happened: not_applicable"),
    (["complaint", "--no-decision", "--programme", "koordinator", "--received", "2026-12-01"],
     "--received: not_applicable"),
    (["complaint", "--programme", "koordinator", "--refused", "a\x07b"],
     "--refused: control_character"),
])
def test_cli_errors_name_the_option(args: list[str], message: str) -> None:
    proc = run("letter", *args, "--as-of", AS_OF)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("python -m checker: error: " + message), proc.stderr


def test_cli_unknown_option_for_the_kind_is_refused() -> None:
    proc = run("letter", "request", "--programme", "koordinator", "--refused", "nei")
    assert proc.returncode == 2
    assert "unrecognized arguments: --refused" in proc.stderr


# -- every combination renders --------------------------------------------------


def _combinations() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    subsets = [list(c) for n in (1, 2, 3) for c in itertools.combinations(letters.PROGRAMMES, n)]
    for programmes, for_whom in itertools.product(subsets, (None, *letters.FOR_WHOM)):
        if for_whom == "self" and "barnekoordinator" in programmes:
            continue
        fields = {"who": "Ola", "help_today": "Lege.", "hard": "Alt."}
        if any(p in programmes for p in letters.COORDINATORS):
            fields["preferred_coordinator"] = "Per"
        out.append({"kind": "request", "programmes": programmes, "for_whom": for_whom,
                    "fields": fields})
    for basis, received, late_reason in itertools.product(
            letters.BASES, (None, "2026-11-25", "2026-03-12", "2025-01-02"), (None, "Syk.")):
        fields = {"refused": "Nei.", "wants": "Ja.", "why": "Fordi."}
        if late_reason:
            fields["late_reason"] = late_reason
        out.append({"kind": "complaint", "programmes": ["koordinator"], "basis": basis,
                    "received": received, "fields": fields})
    for situation in (None, *letters.SITUATIONS):
        out.append({"kind": "complaint_no_decision", "programmes": ["individuell_plan"],
                    "situation": situation, "asked": "2026-10-01",
                    "fields": {"what_happened": "Ingenting."}})
    out += [{"kind": kind, "template": True} for kind in letters.KINDS]
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_combination_renders_without_a_missing_text(lang: str) -> None:
    for params in _combinations():
        out = api_letter(**params, lang=lang)
        assert "error" not in out, (params, out)
        assert out["status"] == "known"
        for text in (out["text"], *out["notes_text"], out.get("send_text", "")):
            assert not re.search(r"\{\w+\}|⟦", text), (params, text)
        assert out["references"], "every letter cites its law"
        for ref in out["references"]:
            assert ref["url"].startswith("https://lovdata.no/")


def test_render_is_the_same_function_for_blocks_and_text() -> None:
    out = api_letter(kind="complaint", programmes=["koordinator"], received="2026-11-25")
    texts = letters.texts_for("nb")
    blocks = letters.render_blocks(out, texts)
    assert [b["part"] for b in blocks][:4] == ["sender", "addressee", "date", "subject"]
    assert blocks[-1]["part"] == "signature"
    plain = letters.render_text(out, texts)
    for block in blocks:
        for segments in block["lines"]:
            for segment in segments:
                if isinstance(segment, str):
                    assert segment in plain


def test_parse_spec_is_the_only_check() -> None:
    spec = letters.parse_spec({"kind": "request", "programmes": ["koordinator"],
                               "fields": {"who": "  Ola  ", "hard": ""}},
                              letters.date(2026, 12, 2))
    assert spec.fields == {"who": "Ola"}, "text is stripped; an empty field is not given"
    with pytest.raises(CheckerInputError) as error:
        letters.parse_spec({"kind": "request", "programmes": "koordinator"},
                           letters.date(2026, 12, 2))
    assert error.value.as_json() == {"field": "programmes", "code": "wrong_type"}


# -- the texts -------------------------------------------------------------------


def _copy_ui(tmp_path: Path) -> Path:
    ui = tmp_path / "ui"
    for lang in LANGUAGES:
        (ui / lang).mkdir(parents=True)
        shutil.copy(ROOT / "content" / "ui" / lang / "letters.yaml", ui / lang / "letters.yaml")
    return ui


def test_texts_must_agree_on_placeholders(tmp_path: Path) -> None:
    ui = _copy_ui(tmp_path)
    path = ui / "nn" / "letters.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Eg fekk vedtaket {received}.", "Eg fekk vedtaket {mottatt}."), encoding="utf-8")
    with pytest.raises(LetterTextError, match=r"content/ui/nn/letters.yaml: "
                       r"letter.complaint.received: its \{placeholders\} differ"):
        load_letter_texts(ui)


def test_texts_must_exist_in_every_language(tmp_path: Path) -> None:
    ui = _copy_ui(tmp_path)
    path = ui / "en" / "letters.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(x for x in lines if not x.startswith("letter.closing:")),
                    encoding="utf-8")
    with pytest.raises(LetterTextError, match=r"letter\.closing: missing in en"):
        load_letter_texts(ui)


def test_bundled_texts_leave_out_the_page_strings() -> None:
    bundled = letters.bundled_texts()
    assert set(bundled) == set(LANGUAGES)
    assert letters.text_keys() <= set(bundled["nb"])
    assert not any(k.startswith(("letter.page.", "letter.prompt.")) for k in bundled["nb"])


def _words(lang: str) -> dict[str, set[str]]:
    table = load_letter_texts(page=True)[lang]
    return {key: {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
            for key, text in table.items()}


def test_nynorsk_is_nynorsk_and_bokmal_bokmal() -> None:
    # The word lists the service pages are held to (tests/content/test_texts.py).
    sys.path.insert(0, str(ROOT / "tests" / "content"))
    from test_texts import BOKMAL_ONLY, NYNORSK_ONLY

    assert {k: w & set(BOKMAL_ONLY) for k, w in _words("nn").items() if w & set(BOKMAL_ONLY)} \
        == {}
    assert {k: w & NYNORSK_ONLY for k, w in _words("nb").items() if w & NYNORSK_ONLY} == {}


# -- readability -----------------------------------------------------------------

LIX_LIMIT = 40


def _sample_letters(lang: str) -> list[str]:
    out = []
    for params in _combinations():
        made = api_letter(**params, lang=lang)
        out.append(made["text"] + "\n" + "\n".join(made["notes_text"]))
    return out


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_letter_texts_read_at_lix_40_or_less(lang: str) -> None:
    table = load_letter_texts(page=True)[lang]
    # Every text on its own line (a line is a sentence boundary, as on the pages).
    everything = "\n".join(_PLACEHOLDER_OUT.sub("", v) for v in table.values())
    assert lix(everything) <= LIX_LIMIT
    for text in _sample_letters(lang):
        assert lix(text) <= LIX_LIMIT, text


_PLACEHOLDER_OUT = re.compile(r"\{\w+\}")
