"""Checks on the shared service texts in content/services/ (issue 5).

1. every page exists in nb, nn and en with valid front matter and sources;
2. LIX readability of every nb and nn page is at most 40;
3. no outdated authority name (Fylkesmannen, Helsetilsynet i fylket) unless the
   sentence explains the old name;
4. every complaint deadline in weeks agrees with the checker's rule data
   (checker/rules/*.yaml): the health-and-care number only next to health and
   care, the NAV-social-services number only next to NAV;
5. nn is nynorsk and nb is bokmål (no unambiguous forms of the other standard).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from content_pages import (
    GENERATED,
    LANGS,
    RULES_DIR,
    SERVICES,
    Page,
    all_pages,
    load_page,
    sentences,
    words_text,
    written_page_ids,
)

from sitegen.readability import lix, plain_text

LIX_MAX = 40.0
PAGES = written_page_ids()
PAGE_LANGS = [(p, lang) for p in PAGES for lang in LANGS]
NB_NN = [(p, lang) for p in PAGES for lang in ("nb", "nn")]

SERVICE_PAGES = ("individuell-plan", "koordinator", "barnekoordinator")
ALLOWED_HOSTS = {"lovdata.no", "regjeringen.no", "uutilsynet.no"}
LOVDATA_URL = re.compile(
    r"^https://lovdata\.no/(?:lov|forskrift)/\d{4}-\d{2}-\d{2}(?:-\d+)?(?:/§\d+(?:-\d+)?[a-z]?)?$"
)
PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")
KNOWN_PLACEHOLDERS = {"contact()", "complaint_address()", "local_notes()"}
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _page(page_id: str, lang: str) -> Page:
    path = SERVICES / page_id / f"{lang}.md"
    if not path.exists():
        pytest.fail(f"missing page: content/services/{page_id}/{lang}.md")
    return load_page(page_id, lang)


# --------------------------------------------------------------------------
# 1. pages and front matter


def test_pages_yaml_lists_the_written_pages() -> None:
    assert "index" in PAGES
    assert not GENERATED & set(PAGES)
    assert len(PAGES) == len(set(PAGES)), "duplicate page id in pages.yaml"


@pytest.mark.parametrize(("page_id", "lang"), PAGE_LANGS)
def test_front_matter(page_id: str, lang: str) -> None:
    page = _page(page_id, lang)
    meta = page.meta
    assert isinstance(meta.get("title"), str) and meta["title"].strip(), f"{page.name}: no title"
    desc = meta.get("description")
    assert isinstance(desc, str) and desc.strip(), f"{page.name}: no description"
    assert len(desc) <= 160, f"{page.name}: description has {len(desc)} characters (max 160)"
    checked = meta.get("checked")
    assert isinstance(checked, dt.date), f"{page.name}: checked must be a date (YYYY-MM-DD)"
    assert dt.date(2022, 8, 1) <= checked <= dt.date.today(), f"{page.name}: checked={checked}"
    unknown = set(meta) - {"title", "description", "checked", "sources", "valid_from",
                           "valid_until"}
    assert not unknown, f"{page.name}: unknown front matter keys {sorted(unknown)}"


@pytest.mark.parametrize(("page_id", "lang"), PAGE_LANGS)
def test_sources(page_id: str, lang: str) -> None:
    page = _page(page_id, lang)
    sources = page.meta.get("sources")
    assert isinstance(sources, list) and sources, f"{page.name}: no sources"
    lovdata = 0
    for src in sources:
        assert isinstance(src, dict), f"{page.name}: a source must have label and url"
        assert isinstance(src.get("label"), str) and src["label"].strip(), f"{page.name}: {src}"
        url = src.get("url")
        assert isinstance(url, str), f"{page.name}: source {src['label']!r} has no url"
        parts = urlsplit(url)
        assert parts.scheme == "https", f"{page.name}: {url} is not https"
        host = parts.hostname or ""
        host = host.removeprefix("www.")
        assert host in ALLOWED_HOSTS, f"{page.name}: {url}: host not in {sorted(ALLOWED_HOSTS)}"
        if host == "lovdata.no":
            assert LOVDATA_URL.match(url), f"{page.name}: malformed Lovdata URL {url}"
            lovdata += 1
    assert lovdata >= 1, f"{page.name}: needs at least one Lovdata source"


@pytest.mark.parametrize("page_id", PAGES)
def test_languages_share_sources_and_checked_date(page_id: str) -> None:
    pages = [_page(page_id, lang) for lang in LANGS]
    urls = [sorted(s["url"] for s in p.meta.get("sources") or []) for p in pages]
    assert urls[0] == urls[1] == urls[2], f"{page_id}: nb, nn and en cite different sources"
    dates = {p.meta.get("checked") for p in pages}
    assert len(dates) == 1, f"{page_id}: nb, nn and en have different checked dates {dates}"


@pytest.mark.parametrize(("page_id", "lang"), PAGE_LANGS)
def test_body_structure_links_and_placeholders(page_id: str, lang: str) -> None:
    page = _page(page_id, lang)
    body = page.body.lstrip()
    assert body, f"{page.name}: empty body"
    assert not body.startswith("# "), f"{page.name}: the body must not start with a # heading"
    assert not re.search(r"^# ", page.body, re.MULTILINE), f"{page.name}: use ## headings"
    for name in PLACEHOLDER.findall(page.body):
        assert name in KNOWN_PLACEHOLDERS, f"{page.name}: unknown placeholder {{{{ {name} }}}}"
    for target in MD_LINK.findall(page.body):
        if re.match(r"^(https|mailto):", target):
            continue
        assert not target.startswith("http:"), f"{page.name}: insecure link {target}"
        path = target.split("#", 1)[0]
        if not path:
            continue
        ok = path in {"sjekk.md", "kommuner/index.md"} or (
            path.endswith(".md") and path.removesuffix(".md") in PAGES and "/" not in path)
        assert ok, f"{page.name}: link to unknown page {target}"
    assert "/work/" not in page.raw and "/home/" not in page.raw, f"{page.name}: local path"


@pytest.mark.parametrize("lang", LANGS)
def test_service_pages_use_the_municipality_placeholders(lang: str) -> None:
    for page_id in (*SERVICE_PAGES, "be-om-hjelp"):
        assert "{{ contact() }}" in _page(page_id, lang).body, f"{page_id}/{lang}: no contact()"
    for page_id in SERVICE_PAGES:
        assert "{{ local_notes() }}" in _page(page_id, lang).body, \
            f"{page_id}/{lang}: no local_notes()"
    assert "{{ complaint_address() }}" in _page("klage", lang).body, \
        f"klage/{lang}: no complaint_address()"


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_links_services_checker_and_directory(lang: str) -> None:
    body = _page("index", lang).body
    for target in (*SERVICE_PAGES, "sjekk"):
        assert f"({target}.md" in body, f"index/{lang}: no link to {target}.md"
    assert "(kommuner/index.md" in body, f"index/{lang}: no link to kommuner/index.md"


# --------------------------------------------------------------------------
# 2. readability


@pytest.mark.parametrize(("page_id", "lang"), NB_NN)
def test_lix_at_most_40(page_id: str, lang: str) -> None:
    page = _page(page_id, lang)
    score = lix(page.raw)
    assert score <= LIX_MAX, f"{page.name}: LIX {score} > {LIX_MAX}"


def test_lix_strips_markup() -> None:
    md = ("---\ntitle: Lang tittel med langeordene\nsources: []\n---\n"
          "Du kan [klage](https://lovdata.no/lov/1967-02-10/§29) til {{ complaint_address() }}.\n"
          '\n!!! note "Usikkert"\n    Det er uklart.\n')
    assert plain_text(md) == "Du kan klage til .\nUsikkert\nDet er uklart."
    # 8 words, 3 sentences, one word longer than six letters ("Usikkert")
    assert lix(md) == round(8 / 3 + 100 * 1 / 8, 1)


# --------------------------------------------------------------------------
# 3. outdated authority names

OLD_NAME = re.compile(r"fylkes\s*m[ae]nn\w*|helsetilsyne[nt]?\s+i\s+fylke\w*", re.IGNORECASE)
EXPLAINS_OLD = re.compile(r"tidligere|tidlegare|formerly|het før|heitte før|hette før",
                          re.IGNORECASE)


@pytest.mark.parametrize(("page_id", "lang"), PAGE_LANGS)
def test_no_outdated_authority_names(page_id: str, lang: str) -> None:
    page = _page(page_id, lang)
    for sentence in sentences(page):
        if OLD_NAME.search(sentence):
            assert EXPLAINS_OLD.search(sentence), (
                f"{page.name}: outdated authority name in a sentence that does not explain "
                f"the old name (use Statsforvalteren): {sentence!r}")


def test_outdated_name_pattern() -> None:
    for bad in ("Fylkesmannen", "fylkesmannens", "Fylkesmenn", "Helsetilsynet i fylket",
                "helsetilsynet i Fylket"):
        assert OLD_NAME.search(bad), bad
    assert not OLD_NAME.search("Statsforvalteren i Vestland")


# --------------------------------------------------------------------------
# 4. complaint deadlines agree with the checker's rule data

NUMBER_WORDS = {"én": 1, "ein": 1, "ei": 1, "en": 1, "one": 1, "to": 2, "two": 2, "tre": 3,
                "three": 3, "fire": 4, "four": 4, "fem": 5, "five": 5, "seks": 6, "six": 6}
WEEKS = re.compile(r"\b(\d+|" + "|".join(NUMBER_WORDS) + r")[\s-]+(?:uker?|veker?|weeks?)\b",
                   re.IGNORECASE)
COMPLAINT = re.compile(r"klag|frist|complain|appeal|deadline", re.IGNORECASE)
HEALTH = re.compile(r"helse|omsorg|health|\bcare\b|pasient- og bruk|patient|§\s*7-[25]",
                    re.IGNORECASE)
SOCIAL = re.compile(r"\bnav\b|sosial|social|kvalifiseringsprogram|qualification programme",
                    re.IGNORECASE)


Trail = tuple[str, ...]


def _walk(node: Any, trail: Trail = ()) -> Iterator[tuple[Trail, dict[str, Any]]]:
    if isinstance(node, dict):
        yield trail, node
        for key, value in node.items():
            yield from _walk(value, (*trail, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*trail, str(i)))


def _scalars(node: dict[str, Any]) -> str:
    return " ".join(f"{k} {v}" for k, v in node.items() if not isinstance(v, dict | list))


def _in_force(node: dict[str, Any], today: dt.date) -> bool:
    start, end = node.get("from"), node.get("until")
    if isinstance(start, dt.date) and start > today:
        return False
    return not (isinstance(end, dt.date) and end < today)


def rule_weeks(today: dt.date | None = None) -> dict[str, set[int]]:
    """Complaint deadlines in weeks from checker/rules/*.yaml, by kind of decision.

    The checker's rule files hold dated rules such as::

        complaint.weeks.health:
          values:
            - {from: 2022-08-01, until: null, value: 4, law: pbrl, paragraph: "§ 7-5"}

    An integer counts as a deadline in weeks when its key contains "week", or
    when it is the ``value`` of a rule whose id contains "week". Only values in
    force today count. The rule id, the key path and the value's own fields
    (law, paragraph) say whether it is health and care (pbrl, § 7-5, health) or
    NAV social services (sotjl, fvl § 29, social, NAV, kvalifiseringsprogram).
    """
    today = today or dt.date.today()
    files = sorted(RULES_DIR.glob("*.yaml")) + sorted(RULES_DIR.glob("*.yml"))
    if not files:
        pytest.fail("checker/rules/*.yaml is missing: the complaint deadlines in the texts "
                    "are checked against the checker's rule data, which must exist")
    found: dict[str, set[int]] = {"health": set(), "social": set()}
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for trail, node in _walk(data):
            if not _in_force(node, today):
                continue
            in_week_rule = any("week" in t.lower() for t in trail)
            for key, value in node.items():
                key_l = str(key).lower()
                if not ("week" in key_l or (key_l == "value" and in_week_rule)):
                    continue
                if isinstance(value, bool) or not isinstance(value, int):
                    continue
                context = " ".join(trail) + " " + str(key) + " " + _scalars(node)
                if re.search(r"pbrl|pasient|patient|helse|health|7-5", context, re.I):
                    found["health"].add(value)
                elif re.search(r"sotjl|sosial|social|\bnav\b|kvalifisering|\bfvl\b|"
                               r"forvaltning|§\s*29", context, re.I):
                    found["social"].add(value)
    return found


def _kind(text: str) -> str | None:
    health, social = bool(HEALTH.search(text)), bool(SOCIAL.search(text))
    if health == social:
        return None
    return "health" if health else "social"


def deadline_statements(page: Page, numbers: set[int]) -> Iterator[tuple[str, int, str | None]]:
    """(sentence, weeks, kind) for every complaint deadline in weeks on a page."""
    for sentence in sentences(page):
        if not COMPLAINT.search(sentence):
            continue
        for m in WEEKS.finditer(sentence):
            word = m.group(1).lower()
            weeks = int(word) if word.isdigit() else NUMBER_WORDS[word]
            if weeks not in numbers:
                continue
            kind = _kind(sentence)
            if kind is None:  # both or neither: look at the clause holding the number
                clauses = re.split(r"[,;–—]|\s(?:men|but|og|and)\s", sentence)
                clause = next(c for c in clauses if m.group(0) in c)
                kind = _kind(clause)
            yield sentence, weeks, kind


def test_rule_data_has_one_health_and_one_social_deadline() -> None:
    weeks = rule_weeks()
    assert len(weeks["health"]) == 1, f"rule data: health-and-care complaint weeks {weeks}"
    assert len(weeks["social"]) == 1, f"rule data: NAV social services complaint weeks {weeks}"
    assert weeks["health"] != weeks["social"]


@pytest.mark.parametrize(("page_id", "lang"), PAGE_LANGS)
def test_complaint_deadlines_agree_with_rule_data(page_id: str, lang: str) -> None:
    weeks = rule_weeks()
    (health,), (social,) = weeks["health"], weeks["social"]
    page = _page(page_id, lang)
    for sentence, n, kind in deadline_statements(page, {health, social}):
        assert kind is not None, (
            f"{page.name}: a {n}-week complaint deadline must say whether it is for health and "
            f"care or for NAV social services: {sentence!r}")
        expected = health if kind == "health" else social
        assert n == expected, (
            f"{page.name}: {n} weeks stated for {kind} decisions; the rule data says "
            f"{expected}: {sentence!r}")


def test_klage_states_both_deadlines() -> None:
    weeks = rule_weeks()
    (health,), (social,) = weeks["health"], weeks["social"]
    for lang in LANGS:
        kinds = {(n, k) for _, n, k in deadline_statements(_page("klage", lang),
                                                           {health, social})}
        assert (health, "health") in kinds, f"klage/{lang}: no {health}-week health deadline"
        assert (social, "social") in kinds, f"klage/{lang}: no {social}-week NAV deadline"


# --------------------------------------------------------------------------
# 5. nynorsk is nynorsk, bokmål is bokmål

# Forms that are bokmål only (not accepted in nynorsk), with the nynorsk form.
BOKMAL_ONLY = {
    "ikke": "ikkje", "hva": "kva", "hvem": "kven", "hvordan": "korleis", "hvis": "viss/dersom",
    "hvor": "kvar", "hvorfor": "kvifor", "hvilke": "kva for", "hvilken": "kva for",
    "hver": "kvar", "hvert": "kvart", "jeg": "eg", "noen": "nokon", "noe": "noko",
    "mye": "mykje", "mer": "meir", "bare": "berre", "fra": "frå", "være": "vere",
    "vært": "vore", "selv": "sjølv", "sammen": "saman", "uke": "veke", "uker": "veker",
    "uken": "veka", "skriftlig": "skriftleg", "mulig": "mogleg", "vanlig": "vanleg",
    "kommer": "kjem", "gjøre": "gjere", "sier": "seier", "ble": "vart/blei",
    "deres": "deira", "eget": "eige", "egen": "eigen", "hele": "heile", "flere": "fleire",
    "enhet": "eining", "enheten": "eininga", "koordinerende": "koordinerande",
    "pårørende": "pårørande", "tjeneste": "teneste", "tjenester": "tenester",
    "tjenesten": "tenesta", "tjenestene": "tenestene", "søker": "søkjer",
}
# Forms that are nynorsk only (not accepted in bokmål).
NYNORSK_ONLY = {"ikkje", "kva", "kven", "korleis", "frå", "teneste", "tenester", "tenesta",
                "tenestene", "eining", "eininga", "berre", "vere", "nokon", "noko", "mykje",
                "meir", "sjølv", "saman", "veke", "veker", "skriftleg", "mogleg", "eg",
                "koordinerande", "pårørande", "kjem", "dei", "ein", "eit", "heile", "fleire"}

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _words(page: Page) -> set[str]:
    return {w.lower() for w in WORD.findall(words_text(page))}


@pytest.mark.parametrize("page_id", PAGES)
def test_nynorsk_has_no_bokmal_forms(page_id: str) -> None:
    page = _page(page_id, "nn")
    bad = sorted(w for w in _words(page) if w in BOKMAL_ONLY)
    assert not bad, f"{page.name}: bokmål forms in nynorsk: " + ", ".join(
        f"{w} (nn: {BOKMAL_ONLY[w]})" for w in bad)


@pytest.mark.parametrize("page_id", PAGES)
def test_bokmal_has_no_nynorsk_forms(page_id: str) -> None:
    page = _page(page_id, "nb")
    bad = sorted(_words(page) & NYNORSK_ONLY)
    assert not bad, f"{page.name}: nynorsk forms in bokmål: {', '.join(bad)}"


def test_all_written_pages_found() -> None:
    found = {(p.page_id, p.lang) for p in all_pages()}
    missing = sorted(set(PAGE_LANGS) - found)
    assert not missing, "missing pages: " + ", ".join(f"{p}/{lang}.md" for p, lang in missing)

