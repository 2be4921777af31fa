"""The national register of municipalities: all 357, their counties and embeter.

`content/registry/municipalities.yaml` is a snapshot of public registers
(Kartverket, SSB's KLASS 131; its `source:` block names them with date and
licence). It is read with the same strict YAML loader and validated with the
same pydantic machinery as a municipality's own file, so a broken snapshot is
reported as `file:line:column key.path: message (hint)`.

Two levels of data meet here. A curated file (`content/municipalities/<id>.yaml`)
is what a municipality checked itself; everything else about a municipality
(names, county, the Statsforvalter embete) comes from the register. `Place`
joins the two for the templates: a municipality with a curated file shows its
unit, contacts and notes; one without shows the register alone, honestly.

The command line refreshes the snapshot:

    python -m sitegen.registry refresh NEWFILE [--dry-run]

It reports what changed (new, gone, merged, split, renamed, moved to another
county), refuses a snapshot that would leave a curated file without its
municipality, and replaces the file atomically (temporary file + rename).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationError, model_validator

from sitegen.model import (
    LongText,
    Municipality,
    MunicipalityId,
    Publishing,
    Text,
    Url,
    _Model,
)
from sitegen.problems import Problems
from sitegen.yamlsource import Located, format_key_path, load_yaml

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_FILE = Path("content") / "registry" / "municipalities.yaml"

OtherLang = Literal["se", "sma", "smj", "fkv"]
LANGUAGE_NAMES = {"se": "nordsamisk", "sma": "sørsamisk", "smj": "lulesamisk", "fkv": "kvensk"}
EmbeteKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]{1,60}$")]
CountyNumber = Annotated[str, StringConstraints(pattern=r"^\d{2}$")]
Number = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]


class Embete(_Model):
    """One Statsforvalter embete and its published names."""

    nb: Annotated[Text, StringConstraints(pattern=r"^Statsforvalteren i ")] = Field(
        description="Bokmål name, like 'Statsforvalteren i Vestland'")
    nn: Annotated[Text, StringConstraints(pattern=r"^Statsforvaltaren i ")] = Field(
        description="Nynorsk name, like 'Statsforvaltaren i Vestland'")
    en: Text = Field(description="English name, like 'County Governor of Vestland'")
    url: Url | None = Field(default=None, description="Only an address a source names")
    former_names: list[Text] = Field(default_factory=list)

    def name(self, lang: str) -> str:
        return {"nb": self.nb, "nn": self.nn, "en": self.en}.get(lang, self.nb)

    def all_names(self) -> set[str]:
        return {self.nb, self.nn, self.en, *self.former_names}


class County(_Model):
    name: Text
    other_names: dict[OtherLang, Text] = Field(default_factory=dict)
    embete: EmbeteKey


class AbolishedCounty(_Model):
    name: Text
    until: dt.date
    now: list[Text] = Field(min_length=1)


class Entry(_Model):
    """One municipality as the register knows it."""

    number: Number = Field(description="Kommunenummer, four digits, in quotes")
    id: MunicipalityId = Field(description="The id a curated file for it must use")
    name: Text = Field(description="The Norwegian name")
    county: CountyNumber = Field(description="County number, the first two digits")
    other_names: dict[OtherLang, Text] = Field(
        default_factory=dict, description="Official Sámi and Kven forms of the name")
    sami_area: bool = Field(default=False,
                            description="In the administrative area for Sámi language")

    @model_validator(mode="after")
    def _county_is_number_prefix(self) -> Entry:
        if self.number[:2] != self.county:
            raise ValueError(f"county '{self.county}' does not match the number "
                             f"{self.number}, which starts with {self.number[:2]}")
        return self


class SourceRef(_Model):
    title: LongText
    url: Url
    licence: Text
    used_for: LongText


class SourceBlock(_Model):
    retrieved: dt.date
    structure_valid_from: dt.date
    sources: list[SourceRef] = Field(min_length=1)
    notes: list[LongText] = Field(default_factory=list)


class RegistryFile(_Model):
    """The whole snapshot file."""

    source: SourceBlock
    embeter: dict[EmbeteKey, Embete] = Field(min_length=1)
    counties: dict[CountyNumber, County] = Field(min_length=1)
    abolished_counties: list[AbolishedCounty] = Field(default_factory=list)
    municipalities: list[Entry] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> RegistryFile:
        for number, county in self.counties.items():
            if county.embete not in self.embeter:
                raise ValueError(f"county {number} {county.name} names the embete "
                                 f"'{county.embete}', which is not in embeter")
        seen: dict[str, str] = {}
        for entry in self.municipalities:
            if entry.county not in self.counties:
                raise ValueError(f"{entry.number} {entry.name}: county {entry.county} is not "
                                 "in counties")
            for key in (entry.number, entry.id):
                if key in seen:
                    raise ValueError(f"{entry.number} {entry.name}: '{key}' is also used by "
                                     f"{seen[key]}")
                seen[key] = f"{entry.number} {entry.name}"
        return self


class Registry:
    """Lookups over a validated snapshot."""

    def __init__(self, data: RegistryFile, file: str = str(REGISTRY_FILE)) -> None:
        self.data = data
        self.file = file
        self.by_number = {e.number: e for e in data.municipalities}
        self.by_id = {e.id: e for e in data.municipalities}

    @property
    def entries(self) -> list[Entry]:
        return list(self.data.municipalities)

    def county(self, entry: Entry) -> County:
        return self.data.counties[entry.county]

    def embete(self, entry: Entry) -> Embete:
        return self.data.embeter[self.county(entry).embete]

    def find(self, text: str) -> Entry | None:
        """By id ('bergen') or four-digit number ('4601')."""
        text = text.strip()
        return self.by_number.get(text) or self.by_id.get(text.lower())

    def county_by_name(self, name: str) -> tuple[str, County] | None:
        wanted = fold(name)
        for number, county in self.data.counties.items():
            if wanted in {fold(county.name), *(fold(n) for n in county.other_names.values())}:
                return number, county
        return None

    def abolished(self, name: str) -> AbolishedCounty | None:
        wanted = fold(name)
        return next((a for a in self.data.abolished_counties if fold(a.name) == wanted), None)

    def embete_by_name(self, name: str) -> tuple[str, Embete] | None:
        wanted = fold(name)
        for key, embete in self.data.embeter.items():
            if wanted in {fold(n) for n in embete.all_names()}:
                return key, embete
        return None

    def examples(self, n: int = 3) -> str:
        picks = [self.by_number[x] for x in ("4601", "5001", "1145") if x in self.by_number]
        picks = picks or self.entries[:n]
        return ", ".join(f"{e.id} or {e.number}" for e in picks[:n])


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


def load_registry(path: Path, problems: Problems, *, root: Path = ROOT) -> Registry | None:
    """Read and validate a snapshot; problems go to `problems` with file and line."""
    try:
        display = str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        display = str(path)
    if not path.is_file():
        problems.add(display, 1, 1, "", "the register of municipalities is missing",
                     f"restore {REGISTRY_FILE} from version control")
        return None
    located = load_yaml(path, problems, display=display)
    if located is None:
        return None
    try:
        data = RegistryFile.model_validate(located.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            _report(error, located, display, problems)
        return None
    return Registry(data, display)


def _report(error: Any, located: Located, file: str, problems: Problems) -> None:
    loc = tuple(error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "missing":
        message = f"missing required field '{loc[-1]}'"
        loc = loc[:-1]
    line, column = located.position(loc)
    problems.add(file, line, column, format_key_path(loc), message,
                 "the register file is generated; refresh it rather than editing by hand")


_CACHE: dict[tuple[str, int], Registry] = {}


def registry_for(content_dir: Path, problems: Problems, root: Path = ROOT) -> Registry | None:
    """The register beside `content_dir` (cached per file and modification time)."""
    path = content_dir / "registry" / "municipalities.yaml"
    try:
        key = (str(path.resolve()), path.stat().st_mtime_ns)
    except OSError:
        return load_registry(path, problems, root=root)
    if key not in _CACHE:
        local = Problems()
        loaded = load_registry(path, local, root=root)
        problems.extend(local)
        if loaded is None:
            return None
        _CACHE[key] = loaded
    return _CACHE[key]


# --- the two levels of data, joined for the templates -----------------------

@dataclass(frozen=True)
class Place:
    """A municipality as the site shows it: register facts, plus the
    municipality's own checked facts when it has a curated file."""

    entry: Entry
    county_info: County
    embete: Embete
    curated: Municipality | None = None
    registry_date: dt.date | None = None
    other: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def number(self) -> str:
        return self.entry.number

    @property
    def name(self) -> str:
        return self.curated.name if self.curated else self.entry.name

    @property
    def county(self) -> str:
        return self.county_info.name

    @property
    def county_number(self) -> str:
        return self.entry.county

    @property
    def sami_area(self) -> bool:
        return self.entry.sami_area

    @cached_property
    def other_names(self) -> dict[str, str]:
        """Every other official or given form: register forms, then the curated file's."""
        names: dict[str, str] = {str(k): v for k, v in self.entry.other_names.items()}
        if self.curated:
            for code, value in self.curated.other_names.items():
                names.setdefault(code, value)
        return names

    @cached_property
    def official_forms(self) -> list[str]:
        """The Norwegian name and its Sámi and Kven forms (no nb/nn/en translations)."""
        forms = [self.entry.name]
        forms += [v for k, v in self.other_names.items() if k in LANGUAGE_NAMES]
        return list(dict.fromkeys(forms))

    @cached_property
    def sami_forms(self) -> dict[str, str]:
        """The official Sámi and Kven forms, by language code (se, sma, smj, fkv)."""
        return {k: v for k, v in self.other_names.items() if k in LANGUAGE_NAMES}

    def display_name(self, lang: str) -> str:
        if self.curated:
            return self.curated.display_name(lang)
        return self.entry.name

    def search_text(self) -> str:
        """Every name form, lower case, also without accents (kárášjohka → karasjohka),
        and the number: what the directory's filter matches against."""
        names = [self.name, *self.official_forms, *self.other_names.values()]
        lowered = [n.lower() for n in names]
        plain = ["".join(c for c in unicodedata.normalize("NFKD", n)
                         if not unicodedata.combining(c)) for n in lowered]
        return " ".join(dict.fromkeys([*lowered, *plain])) + f" {self.number}"

    @property
    def written_standard(self) -> str:
        return self.curated.written_standard if self.curated else "nb"

    def statsforvalter_name(self, lang: str) -> str:
        return self.embete.name(lang)

    @property
    def statsforvalter_url(self) -> str | None:
        if self.curated and self.curated.statsforvalter and self.curated.statsforvalter.url:
            return self.curated.statsforvalter.url
        return self.embete.url

    # What a curated file adds; empty for a register-only municipality.
    @property
    def unit(self) -> Any:
        return self.curated.unit if self.curated else None

    @property
    def apply(self) -> Any:
        return self.curated.apply if self.curated else None

    @property
    def complaint(self) -> Any:
        return self.curated.complaint if self.curated else None

    @property
    def local_notes(self) -> dict[str, Any]:
        return dict(self.curated.local_notes) if self.curated else {}

    @property
    def sources(self) -> list[Any]:
        return list(self.curated.sources) if self.curated else []

    @property
    def last_checked(self) -> dt.date | None:
        return self.curated.last_checked if self.curated else None

    @property
    def colours(self) -> Any:
        return self.curated.colours if self.curated else None

    @property
    def publish(self) -> Publishing:
        """Where the variant is published (empty for a register-only municipality)."""
        return self.curated.publish if self.curated else Publishing()


def places(registry: Registry, curated: Iterable[Municipality]) -> tuple[Place, ...]:
    """Every municipality of the register, each with its curated file if it has one."""
    by_number = {m.number: m for m in curated}
    day = registry.data.source.retrieved
    return tuple(Place(e, registry.county(e), registry.embete(e), by_number.get(e.number), day)
                 for e in registry.entries)


# --- Norwegian order ---------------------------------------------------------

_LAST = {"æ": "\U0010fff0", "ø": "\U0010fff1", "å": "\U0010fff2"}


def norwegian_key(name: str) -> tuple[str, str]:
    """Sort key for Norwegian: a-z with accents folded (á as a, č as c), then æ, ø, å.

    ICU's Norwegian collation does the same; this documented key needs no ICU.
    'aa' is not treated as å (names like Aarborte sort under A, as the
    municipalities' own lists do).
    """
    out = []
    for ch in name.casefold():
        if ch in _LAST:
            out.append(_LAST[ch])
            continue
        base = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in base if not unicodedata.combining(c)) or ch)
    return ("".join(out), name)


# --- refresh -----------------------------------------------------------------

@dataclass
class Changes:
    new: list[Entry] = field(default_factory=list)
    gone: list[Entry] = field(default_factory=list)
    renamed: list[tuple[Entry, Entry]] = field(default_factory=list)
    renumbered: list[tuple[Entry, Entry]] = field(default_factory=list)
    moved: list[tuple[Entry, Entry]] = field(default_factory=list)
    merged: list[tuple[list[Entry], Entry]] = field(default_factory=list)
    split: list[tuple[Entry, list[Entry]]] = field(default_factory=list)
    other: list[tuple[Entry, Entry]] = field(default_factory=list)

    def empty(self) -> bool:
        return not any((self.new, self.gone, self.renamed, self.renumbered, self.moved,
                        self.merged, self.split, self.other))

    def lines(self) -> list[str]:
        def e(x: Entry) -> str:
            return f"{x.number} {x.name}"
        out = [f"new: {e(x)}" for x in self.new]
        out += [f"gone: {e(x)}" for x in self.gone]
        out += [f"merged: {', '.join(e(x) for x in old)} -> {e(new)}" for old, new in self.merged]
        out += [f"split: {e(old)} -> {', '.join(e(x) for x in new)}" for old, new in self.split]
        out += [f"renamed: {e(a)} -> {b.name}" for a, b in self.renamed]
        out += [f"new number: {e(a)} -> {b.number}" for a, b in self.renumbered]
        out += [f"moved to another county: {e(a)}: {a.county} -> {b.county}"
                for a, b in self.moved]
        out += [f"changed: {e(a)} (other names or Sámi area)" for a, b in self.other]
        return out


def compare(old: Registry, new: Registry) -> Changes:
    """What changed between two snapshots. A municipality is followed by its id
    (the curated file's name), then by its number."""
    changes = Changes()
    matched_new: set[str] = set()
    unmatched_old: list[Entry] = []
    for entry in old.entries:
        after = new.by_id.get(entry.id) or new.by_number.get(entry.number)
        if after is None or after.number in matched_new:
            unmatched_old.append(entry)
            continue
        matched_new.add(after.number)
        if after.name != entry.name:
            changes.renamed.append((entry, after))
        if after.number != entry.number:
            changes.renumbered.append((entry, after))
        if after.county != entry.county:
            changes.moved.append((entry, after))
        if (after.other_names, after.sami_area) != (entry.other_names, entry.sami_area):
            changes.other.append((entry, after))
    fresh = [e for e in new.entries if e.number not in matched_new]
    # A new municipality whose name contains gone ones' names, or a gone one whose
    # name a new one keeps, is reported as a merge or a split.
    for entry in list(fresh):
        parts = [o for o in unmatched_old if fold(o.name) in fold(entry.name)]
        if len(parts) > 1:
            changes.merged.append((parts, entry))
            fresh.remove(entry)
            unmatched_old = [o for o in unmatched_old if o not in parts]
    for gone in list(unmatched_old):
        pieces = [n for n in fresh if fold(n.name) in fold(gone.name)]
        if len(pieces) > 1:
            changes.split.append((gone, pieces))
            unmatched_old.remove(gone)
            fresh = [f for f in fresh if f not in pieces]
    changes.new = fresh
    changes.gone = unmatched_old
    # A split where a part keeps the old id: "Ålesund" stays, "Haram" is new.
    for entry in changes.new:
        for before in old.entries:
            after = new.by_id.get(before.id)
            if after and after is not entry and after.county == entry.county and \
                    fold(entry.name) in fold(" ".join(before.other_names.values())):
                changes.split.append((before, [after, entry]))
    return changes


def orphans(new: Registry, curated_ids: Iterable[str]) -> list[str]:
    """Curated files whose id the new snapshot no longer has."""
    return sorted(i for i in curated_ids if i not in new.by_id)


def curated_ids(content_dir: Path) -> list[str]:
    return sorted(p.stem for p in (content_dir / "municipalities").glob("*.yaml")
                  if not p.name.startswith("_"))


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target, then rename over it: never a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def refresh(new_file: Path, *, content_dir: Path, dry_run: bool = False,
            out: Any = sys.stdout, err: Any = sys.stderr) -> int:
    """Compare `new_file` with the current snapshot, report, and replace it.
    Exit codes: 0 replaced (or nothing to do / dry run), 1 refused."""
    problems = Problems()
    target = content_dir / "registry" / "municipalities.yaml"
    new = load_registry(new_file, problems)
    old = load_registry(target, problems) if target.exists() else None
    if new is None or problems.errors:
        for p in problems:
            print(p.format(), file=err)
        print("refused: the new snapshot is not valid; nothing was changed", file=err)
        return 1
    lost = orphans(new, curated_ids(content_dir))
    if lost:
        for ident in lost:
            print(f"content/municipalities/{ident}.yaml: the new snapshot has no municipality "
                  f"with the id '{ident}' (it would be left without its municipality)",
                  file=err)
        print("refused: rename or merge those files first (their id must be in the new "
              "snapshot); nothing was changed", file=err)
        return 1
    if old is not None:
        changes = compare(old, new)
        print(f"{len(old.entries)} -> {len(new.entries)} municipalities", file=out)
        for line in changes.lines() or ["no change in municipalities"]:
            print(f"  {line}", file=out)
    if dry_run:
        print("dry run: nothing was written", file=out)
        return 0
    write_atomically(target, new_file.read_bytes())
    print(f"wrote {target}", file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.registry",
                                     description="The register of municipalities.")
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("refresh", help="replace the snapshot with NEWFILE, reporting changes")
    r.add_argument("new_file", metavar="NEWFILE", type=Path)
    r.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    r.add_argument("--content", type=Path, default=ROOT / "content", help=argparse.SUPPRESS)
    c = sub.add_parser("check", help="validate the snapshot")
    c.add_argument("--content", type=Path, default=ROOT / "content", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.command == "refresh":
        return refresh(args.new_file, content_dir=args.content, dry_run=args.dry_run)
    problems = Problems()
    loaded = load_registry(args.content / "registry" / "municipalities.yaml", problems)
    for p in problems:
        print(p.format(), file=sys.stderr)
    if loaded is None:
        return 1
    print(f"{len(loaded.entries)} municipalities, {len(loaded.data.counties)} counties, "
          f"{len(loaded.data.embeter)} embeter")
    return 0


if __name__ == "__main__":
    sys.exit(main())
