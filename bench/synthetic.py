"""Synthetic municipalities for the benchmarks: N valid files in a temporary content folder.

`make_content(dest, n, as_of)` copies the shared service texts and UI strings
from the repository's `content/`, keeps the two real municipalities (Askøy and
Bokn) and adds anonymous ones ("Eksempel 001", …) until there are `n`. Every
synthetic file is valid and about as full as a real one: contacts in all three
languages, opening hours, apply and complaint routes, a local note and a
source. Names and numbers are invented; numbers are unique four-digit strings
from 9001 up, which no real municipality uses.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ("askoy", "bokn")
# Counties and their Statsforvalter (authorities, not municipalities).
COUNTIES = (
    ("Vestland", "vestland"), ("Rogaland", "rogaland"), ("Nordland", "nordland"),
    ("Innlandet", "innlandet"), ("Agder", "agder"), ("Trøndelag", "trondelag"),
    ("Troms og Finnmark", "troms-finnmark"), ("Vestfold og Telemark", "vestfold-telemark"),
    ("Møre og Romsdal", "more-romsdal"), ("Oslo og Viken", "oslo-viken"),
)

TEMPLATE = """\
# yaml-language-server: $schema=../schema/municipality.schema.json
# A synthetic municipality for the benchmarks (bench/synthetic.py).
id: {id}
number: "{number}"
name: {name}
county: {county}
statsforvalter:
  name: Statsforvalteren i {county}
  url: https://www.statsforvalteren.no/{county_slug}/
written_standard: {standard}
unit:
  name:
    nb: Koordinerende enhet i {name}
    nn: Koordinerande eining i {name}
    en: Coordinating unit in {name}
  kind: {kind}
  phone: "{phone}"
  email: postmottak@{id}.example.no
  postal_address:
    street: Postboks {box}
    postcode: "{postcode}"
    city: {name}
  visiting_address:
    street: Rådhusvegen {box}
    postcode: "{postcode}"
    city: {name}
  opening_hours:
    - days: [mon, tue, wed, thu, fri]
      opens: "08:00"
      closes: "15:30"
apply:
  form_url: https://www.{id}.example.no/skjema
  notes:
    nb: Legg ved det du har av dokumentasjon.
    nn: Legg ved det du har av dokumentasjon.
    en: Attach any documents you have.
complaint:
  to:
    nb: Koordinerende enhet i {name}
    nn: Koordinerande eining i {name}
    en: Coordinating unit in {name}
  address:
    street: Postboks {box}
    postcode: "{postcode}"
    city: {name}
local_notes:
  individuell-plan:
    nb: Vi har en egen brosjyre om individuell plan.
    nn: Vi har ein eigen brosjyre om individuell plan.
    en: We have a leaflet about individual plans.
sources:
  - title: {name} – Individuell plan og koordinator
    url: https://www.{id}.example.no/individuell-plan
last_checked: {checked}
"""


def synthetic_yaml(i: int, as_of: dt.date) -> tuple[str, str]:
    """The id and file text of synthetic municipality number i (1, 2, …)."""
    county, county_slug = COUNTIES[i % len(COUNTIES)]
    ident = f"eksempel-{i:03d}"
    text = TEMPLATE.format(
        id=ident, number=f"{9000 + i:04d}", name=f"Eksempel {i:03d}", county=county,
        county_slug=county_slug, standard="nn" if i % 3 == 0 else "nb",
        kind=("koordinerende_enhet", "forvaltningskontor", "tildelingskontor")[i % 3],
        phone=f"55 {i // 100 % 100:02d} {i % 100:02d} 00", box=i,
        postcode=f"{1000 + i * 7 % 9000:04d}", checked=as_of.isoformat())
    return ident, text


def make_content(dest: Path, n: int, as_of: dt.date) -> Path:
    """Write a content folder with `n` municipalities (Askøy, Bokn and n-2 synthetic)."""
    if n < len(REAL):
        raise ValueError(f"n must be at least {len(REAL)}")
    source = ROOT / "content"
    if dest.exists():
        shutil.rmtree(dest)
    for part in ("services", "ui", "schema"):
        if (source / part).is_dir():
            shutil.copytree(source / part, dest / part)
    municipalities = dest / "municipalities"
    municipalities.mkdir(parents=True)
    for ident in REAL:
        shutil.copyfile(source / "municipalities" / f"{ident}.yaml",
                        municipalities / f"{ident}.yaml")
    for i in range(1, n - len(REAL) + 1):
        ident, text = synthetic_yaml(i, as_of)
        (municipalities / f"{ident}.yaml").write_text(text, encoding="utf-8")
    return dest
