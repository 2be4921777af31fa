"""Strict YAML reading that remembers where every value stood.

PyYAML does the parsing. On top of it this module adds what content files
need and PyYAML does not give: duplicate keys are errors (PyYAML keeps the
last one silently), aliases are refused (no billion-laughs expansion), files
must be UTF-8 without a byte-order mark, and every value keeps its line and
column so a problem can name the exact place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitegen.problems import Problems

MAX_FILE_BYTES = 256 * 1024

KeyPath = tuple[str | int, ...]


@dataclass
class Located:
    """A parsed YAML document and the position of each value in it."""

    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: KeyPath) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its nearest parent."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return (1, 1)

    def key_position(self, path: KeyPath) -> tuple[int, int]:
        """Where the key itself stands (for unknown or duplicate keys)."""
        return self.key_positions.get(path) or self.position(path)


def format_key_path(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def decode_utf8(raw: bytes, file: str, problems: Problems) -> str | None:
    """Decode strictly; report a BOM or the first invalid byte by line and column."""
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.add(file, 1, 1, "", "the file starts with a byte-order mark (BOM)",
                     "save it as UTF-8 without BOM")
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        problems.add(file, line, column, "",
                     f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                     "save the file as UTF-8")
        return None


def load_yaml(path: Path, problems: Problems, display: str | None = None) -> Located | None:
    """Read one YAML file. Returns None (with problems added) when it cannot be used."""
    file = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(file, 1, 1, "", f"cannot read the file: {exc.strerror}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.add(file, 1, 1, "", f"the file is {len(raw)} bytes; the limit is "
                     f"{MAX_FILE_BYTES}", "a municipality file is a few kilobytes")
        return None
    text = decode_utf8(raw, file, problems)
    if text is None:
        return None
    return parse_yaml(text, file, problems)


# libyaml, when PyYAML has it, composes several times faster; its error
# messages are terser, so a file it rejects is parsed again by the pure-Python
# loader for the message the user sees.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, file: str, problems: Problems) -> Located | None:
    try:
        try:
            node = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        hint = "indent with spaces, not tabs" if "'\\t'" in what else \
            "check the indentation and quoting near this place"
        problems.add(file, line, col, "", f"invalid YAML: {what}", hint)
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        problems.add(file, 1, 1, "", f"invalid YAML: {exc}")
        return None
    if node is None:
        problems.add(file, 1, 1, "", "the file is empty",
                     "copy content/municipalities/_example.yaml and fill it in")
        return None
    located = Located(data=None)
    builder = _Builder(file, problems, located, text)
    located.data = builder.build(node, ())
    # Problems found while building (duplicate keys, aliases) are already
    # reported; the data is still returned so the model can report the rest.
    return located


class _Builder:
    """Turns a composed node tree into Python values, recording positions."""

    def __init__(self, file: str, problems: Problems, located: Located, text: str) -> None:
        self.text = text
        self.aliases: list[yaml.Mark] | None = None  # where each alias (*name) stands
        self.file = file
        self.problems = problems
        self.located = located
        self.constructor = yaml.SafeLoader("")
        self.seen: set[int] = set()
        self.failed = False

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.located.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:
            # An alias is composed into the anchored node itself, which has the
            # anchor's position; the k-th revisit (in document order) is the k-th
            # alias, whose own place the parser's events give.
            mark = self._next_alias() or node.start_mark
            self.located.positions[path] = (mark.line + 1, mark.column + 1)
            self.failed = True
            self.problems.add(self.file, mark.line + 1, mark.column + 1, format_key_path(path),
                              "anchors and aliases (&name, *name) are not allowed",
                              "write the value out in full")
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self._error(node, path, f"cannot read this value: {exc.problem}",
                        "quote it if it is text")
            return None
        except (ValueError, OverflowError):
            # PyYAML reads 2026-02-30 as a date and fails on it with a bare ValueError.
            self._error(node, path, f"'{node.value}' is not a real date or number",
                        "write a date as YYYY-MM-DD that exists in the calendar")
            return None

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._error(key_node, path, "merge keys (<<) are not allowed",
                            "write the keys out in full")
                self._skip_aliases(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._error(key_node, path, "a key must be plain text", "")
                continue
            key = str(key_node.value)
            child = (*path, key)
            self.located.key_positions.setdefault(
                child, (key_node.start_mark.line + 1, key_node.start_mark.column + 1))
            if key in result:
                first = self.located.key_positions[child][0]
                self._error(key_node, child, f"duplicate key '{key}' (first given on line "
                            f"{first})", "keep one of them")
                continue
            result[key] = self.build(value_node, child)
        return result

    def _skip_aliases(self, node: yaml.Node) -> None:
        """Account for the aliases in a value that is not built (a merge key's), so
        that the next alias reported is matched with its own place."""
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for item in items:
            if id(item) in self.seen:
                self._next_alias()

    def _next_alias(self) -> yaml.Mark | None:
        """Where the next alias stands (parsed again only when a file has one)."""
        if self.aliases is None:
            self.aliases = [event.start_mark for event in yaml.parse(self.text, yaml.SafeLoader)
                            if isinstance(event, yaml.AliasEvent)]
        return self.aliases.pop(0) if self.aliases else None

    def _error(self, node: yaml.Node, path: KeyPath, message: str, hint: str) -> None:
        self.failed = True
        self.problems.add(self.file, node.start_mark.line + 1, node.start_mark.column + 1,
                          format_key_path(path), message, hint)
