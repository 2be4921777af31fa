"""Synthetic municipalities for the benchmarks: N valid files in a temporary content folder.

`make_content(dest, n, as_of)` copies the shared service texts, UI strings and
the register of municipalities from the repository's `content/`, keeps the two
real curated files (Askøy and Bokn) and adds curated files for further
municipalities of the register until `n` of them have one. The national site
always lists all 357 (the register); `n` is how many have a full curated file.
Every synthetic file is valid and about as full as a real one: contacts in all
three languages, opening hours, apply and complaint routes, a local note and a
source. The municipality's number, id and name are the register's; every
contact detail is invented (on example.no) and only ever built into a
benchmark site, never published.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ("askoy", "bokn")

TEMPLATE = """\
# yaml-language-server: $schema=../schema/municipality.schema.json
# A synthetic municipality for the benchmarks (bench/synthetic.py).
id: {id}
number: "{number}"
name: {name}
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


def _register() -> list[tuple[str, str, str]]:
    """(id, number, name) of every municipality of the register, by number."""
    from sitegen.problems import Problems
    from sitegen.registry import registry_for

    registry = registry_for(ROOT / "content", Problems())
    if registry is None:
        raise RuntimeError("content/registry/municipalities.yaml is missing or invalid")
    return [(e.id, e.number, e.name) for e in registry.entries]


def synthetic_yaml(i: int, as_of: dt.date) -> tuple[str, str]:
    """The id and file text of synthetic curated file number i (1, 2, …): the
    i-th municipality of the register that has no real curated file."""
    ident, number, name = [x for x in _register() if x[0] not in REAL][i - 1]
    text = TEMPLATE.format(
        id=ident, number=number, name=name, standard="nn" if i % 3 == 0 else "nb",
        kind=("koordinerende_enhet", "forvaltningskontor", "tildelingskontor")[i % 3],
        phone=f"55 {i // 100 % 100:02d} {i % 100:02d} 00", box=i,
        postcode=f"{1000 + i * 7 % 9000:04d}", checked=as_of.isoformat())
    return ident, text


def make_content(dest: Path, n: int, as_of: dt.date) -> Path:
    """Write a content folder where `n` municipalities have a curated file
    (Askøy, Bokn and n-2 synthetic ones); the register lists all 357."""
    if n < len(REAL):
        raise ValueError(f"n must be at least {len(REAL)}")
    source = ROOT / "content"
    if dest.exists():
        shutil.rmtree(dest)
    for part in ("services", "ui", "schema", "registry"):
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
