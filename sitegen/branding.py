"""A municipality's logo: checked before it is published, then copied into its site.

The logo is a file beside the municipality's YAML (`publish.logo`, like
`logos/askoy.svg`). A PNG must be a PNG. An SVG is parsed with a real XML
parser (defusedxml: no DTD, no entities) and refused if it holds anything
that runs or fetches: a `<script>` or `<foreignObject>`, an event attribute
(`onload=`…), a link or style that points outside the file (`href` not
starting with `#`, `url(…)` not starting with `#`, `@import`). The site shows
it through `<img>`, where a browser runs no script anyway; the check keeps
such a file from being published at all (it is reachable by its own URL too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from sitegen.problems import Problems

if TYPE_CHECKING:
    from sitegen.validate import LoadedMunicipality

# Where the logo goes in every language's site, plus ".svg" or ".png".
LOGO_NAME = "assets/koordinert/municipality-logo"
MAX_BYTES = 200_000
SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)


def _local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def logo_problems(path: Path) -> list[str]:
    """What is wrong with a logo file; empty when it may be published."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [f"cannot read the logo {path.name}: {exc.strerror}"]
    if len(data) > MAX_BYTES:
        return [f"the logo is {len(data)} bytes; at most {MAX_BYTES} are allowed"]
    if path.suffix == ".png":
        return [] if data.startswith(PNG_MAGIC) else ["the logo is not a PNG file"]
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ElementTree.ParseError) as exc:
        return [f"the logo is not well-formed SVG without a DTD: {exc}"]
    if root.tag != SVG_NS + "svg":
        return ["the logo's root element is not <svg> in the SVG namespace"]
    found: list[str] = []
    for element in root.iter():
        tag = _local_name(str(element.tag))
        if tag in _FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        if tag == "style" and element.text and (
                _EXTERNAL_URL.search(element.text) or "@import" in element.text.lower()):
            found.append("a style that loads something from outside the file")
        for name, value in element.attrib.items():
            attr = _local_name(name)
            if attr.startswith("on"):
                found.append(f"the event attribute {attr}=")
            elif attr == "href" and not value.strip().startswith("#"):
                found.append(f"a link to {value.strip()[:60]!r}")
            elif _EXTERNAL_URL.search(value):
                found.append(f"a reference outside the file in {attr}=")
    return [f"the logo holds {what}, which is not allowed: a logo may not run or load "
            "anything" for what in dict.fromkeys(found)]


def check_logos(loaded: Sequence[LoadedMunicipality], folder: Path,
                problems: Problems) -> None:
    """Report each listed logo that is missing or unsafe, at its line in the YAML."""
    for item in loaded:
        logo = item.municipality.publish.logo
        if not logo:
            continue
        line, column = item.located.position(("publish", "logo"))
        path = folder / logo
        if not path.is_file():
            problems.add(item.file, line, column, "publish.logo",
                         f"there is no file {logo} beside this file",
                         "put the logo in content/municipalities/ under that name")
            continue
        for message in logo_problems(path):
            problems.add(item.file, line, column, "publish.logo", message,
                         "export the logo as plain SVG (or PNG) from your design tool")


def logo_file(folder: Path, logo: str | None) -> tuple[str, bytes] | None:
    """(path in the site, bytes) of a checked logo."""
    if not logo:
        return None
    return LOGO_NAME + Path(logo).suffix, (folder / logo).read_bytes()
