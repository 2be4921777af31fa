"""The municipality data model, defined once.

The same classes validate `content/municipalities/*.yaml` and generate the
JSON Schema under `content/schema/` that editors use while typing
(`python -m sitegen.schema`). Each field carries a description, which ends up
in the schema and so in the editor's tooltip.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    create_model,
    model_validator,
)

from sitegen.languages import LANGUAGES as LANGUAGES  # re-exported

WrittenStandard = Literal["nb", "nn"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Text from a municipality is plain text: it is always escaped when shown, and
# markup in it is refused so that nothing looking like HTML is ever published.
_MARKUP = re.compile(r"<\s*[A-Za-z/!?]")
# Authority names that no longer exist (Statsforvalteren since 1 January 2021).
OUTDATED_NAMES = re.compile(r"fylkesmann|helsetilsynet\s+i\s+\w+", re.IGNORECASE)


def _plain_text(value: str) -> str:
    if _MARKUP.search(value):
        raise ValueError("markup such as <tags> is not allowed in text")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise ValueError("control characters are not allowed in text")
    return value


def _no_outdated_authority(value: str) -> str:
    match = OUTDATED_NAMES.search(value)
    if match:
        raise ValueError(f"outdated authority name '{match.group(0)}': it has been "
                         "Statsforvalteren since 1 January 2021")
    return value


def _https_url(value: str) -> str:
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/[^\s<>\"']*)?", value):
        raise ValueError("must be a web address starting with https://")
    return value


def _phone(value: str) -> str:
    digits = re.sub(r"[ ]", "", value)
    if not re.fullmatch(r"(\+47)?\d{8}", digits):
        raise ValueError("must be a Norwegian phone number: 8 digits, optionally after +47")
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", value):
        raise ValueError("must be an e-mail address like postmottak@kommune.no")
    return value


def _clock(value: str) -> str:
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise ValueError("must be a time of day as HH:MM, like 08:00")
    return value


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_plain_text),
    AfterValidator(_no_outdated_authority),
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_plain_text),
    AfterValidator(_no_outdated_authority),
]
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500),
                AfterValidator(_https_url)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20),
                  AfterValidator(_phone)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120),
                  AfterValidator(_email)]
Clock = Annotated[str, AfterValidator(_clock)]
Postcode = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
MunicipalityId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
PageId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _LocalisedBase(_Model):
    def get(self, lang: str) -> str | None:
        value: str | None = getattr(self, lang, None)
        return value

    @model_validator(mode="after")
    def _at_least_one(self) -> _LocalisedBase:
        if not any(self.get(lang) for lang in LANGUAGES):
            raise ValueError("give the text in at least one language ("
                             f"{', '.join(LANGUAGES[:-1])} or {LANGUAGES[-1]})")
        return self


# One optional field per language of sitegen.languages.
if TYPE_CHECKING:
    Localised = _LocalisedBase
else:
    Localised = create_model(
        "Localised", __base__=_LocalisedBase, __module__=__name__,
        __doc__="The same text in the languages it exists in.",
        **{lang: (LongText | None, None) for lang in LANGUAGES})


class Address(_Model):
    """A postal or visiting address."""

    street: Text = Field(description="Street and number, or 'Postboks 123'")
    postcode: Postcode = Field(description="Four-digit postcode, in quotes: '5300'")
    city: Text = Field(description="Post town")


class OpeningHours(_Model):
    """When the unit answers the phone or receives visitors."""

    days: list[Day] = Field(min_length=1, description="Days, like [mon, tue, wed, thu, fri]")
    opens: Clock = Field(description="Opening time, HH:MM")
    closes: Clock = Field(description="Closing time, HH:MM, later than opens")

    @model_validator(mode="after")
    def _closes_after_opens(self) -> OpeningHours:
        if self.closes <= self.opens:
            raise ValueError(f"closes at {self.closes}, which is not after it opens at "
                             f"{self.opens}")
        return self


class Unit(_Model):
    """The unit that receives requests: a role and a place, never a named person."""

    name: Localised = Field(description="The unit's name, e.g. koordinerende enhet")
    kind: Literal["koordinerende_enhet", "forvaltningskontor", "tildelingskontor"] = Field(
        description="What kind of unit it is")
    phone: Phone | None = Field(default=None, description="Phone number, like '56 15 80 00'")
    email: Email | None = Field(default=None, description="A functional address, not a person's")
    postal_address: Address
    visiting_address: Address | None = None
    opening_hours: list[OpeningHours] = Field(default_factory=list)


class Apply(_Model):
    """How to ask for an individual plan or a coordinator."""

    form_url: Url | None = Field(default=None, description="The application form")
    digital_url: Url | None = Field(default=None, description="A secure digital application")
    notes: Localised | None = None


class Statsforvalter(_Model):
    """The Statsforvalteren that handles complaints from this county."""

    name: Annotated[Text, StringConstraints(pattern=r"^Statsforvalteren i ")] = Field(
        description="Like 'Statsforvalteren i Vestland'")
    url: Url | None = None


class Complaint(_Model):
    """Where a complaint about a decision is sent first."""

    to: Localised = Field(description="The unit that made the decision")
    address: Address
    deadline_weeks: int | None = Field(
        default=None, description="If your own page states the deadline for health and care "
        "decisions, the number of weeks; it must agree with the law (4)")


class Source(_Model):
    """A page of the municipality's own that the data comes from."""

    title: Text
    url: Url


class Colours(_Model):
    """Optional theme colours; the text colour must contrast 4.5:1 with the primary."""

    primary: HexColour = Field(description="Header colour, like '#005a87'")
    on_primary: HexColour = Field(description="Text on the header, like '#ffffff'")


# --- Publishing (issue 18): the variant's address, look and embedding. -------
_LOOPBACK = r"(localhost|127(\.\d{1,3}){3}|\[::1\])"


def _origin(value: str) -> str:
    """An origin a browser compares with frame-ancestors and postMessage: scheme, host, port."""
    if re.fullmatch(rf"http://{_LOOPBACK}(:\d{{1,5}})?", value):
        return value  # the visitor's own machine: for trying an embedding locally
    if not re.fullmatch(r"https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+"
                        r"(:\d{1,5})?", value):
        raise ValueError("must be an https origin: scheme and host (and port), lowercase, "
                         "no path and no trailing slash, like 'https://www.askoy.kommune.no'")
    return value


def _public_url(value: str) -> str:
    _https_url(value)
    if not value.endswith("/") or "?" in value or "#" in value:
        raise ValueError("must be the address of the site's front page, ending with '/', "
                         "like 'https://koordinert.askoy.kommune.no/'")
    return value


Origin = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200),
                   AfterValidator(_origin)]
PublicUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300),
                      AfterValidator(_public_url)]
LogoFile = Annotated[str, StringConstraints(
    strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*\.(svg|png)$")]


class Publishing(_Model):
    """Where this municipality's variant is published, how it looks and who may embed it."""

    public_url: PublicUrl | None = Field(
        default=None, description="The variant's public address, ending with '/', like "
        "'https://koordinert.askoy.kommune.no/': used for sitemap.xml and canonical links")
    website: Url | None = Field(
        default=None, description="The municipality's own website, linked from the header")
    logo: LogoFile | None = Field(
        default=None, description="The logo, a file beside this one, like 'logos/askoy.svg' "
        "(SVG without scripts, event attributes or external references; or PNG)")
    embed_origins: list[Origin] = Field(
        default_factory=list, description="The web sites allowed to embed the checker "
        "(/sjekk/embed/), as https origins like 'https://www.askoy.kommune.no'")
# --- end of publishing ------------------------------------------------------


class Municipality(_Model):
    """One municipality's facts for individuell plan, koordinator and barnekoordinator."""

    id: MunicipalityId = Field(description="Lowercase a-z, 0-9 and '-'; the file name")
    number: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] = Field(
        description="Kommunenummer, four digits, in quotes: '4627'")
    name: Text
    other_names: dict[Literal["nb", "nn", "en", "se", "sma", "smj", "fkv"], Text] = Field(
        default_factory=dict, description="The name in other languages, where it exists")
    county: Text | None = Field(
        default=None, description="Deprecated: the register of municipalities gives the county")
    statsforvalter: Statsforvalter | None = Field(
        default=None, description="Deprecated: the register gives the Statsforvalter embete")
    written_standard: WrittenStandard = Field(description="nb (bokmål) or nn (nynorsk)")
    unit: Unit
    apply: Apply = Field(default_factory=Apply)
    complaint: Complaint
    local_notes: dict[PageId, Localised] = Field(
        default_factory=dict, description="Short local notes per service page")
    sources: list[Source] = Field(min_length=1)
    last_checked: dt.date = Field(description="The day someone checked these facts")
    colours: Colours | None = None
    publish: Publishing = Field(default_factory=Publishing)  # issue 18: see Publishing

    def display_name(self, lang: str) -> str:
        for code, name in self.other_names.items():
            if code == lang:
                return name
        return self.name
