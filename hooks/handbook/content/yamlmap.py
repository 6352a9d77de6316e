"""YAML with line numbers.

:func:`load` parses YAML keeping dates as plain strings (the schema checks
their form) and returns the data with a :class:`LineMap` that tells the
1-based line of any value by its path, so that every finding can name its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import yaml
from yaml.error import Mark


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that does not turn ``2018-05-02`` into a ``datetime.date``."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class LineMap:
    """Maps a path of keys and indexes to the line where its value starts."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root

    def line(self, path: Sequence[str | int]) -> int:
        """Line of the deepest node along ``path`` that exists (1 if none)."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else 1
        for part in path:
            child = None
            if isinstance(node, yaml.MappingNode):
                for key, value in reversed(node.value):  # a key written twice: the later one counts
                    if key.value == part:
                        child = value
                        line = key.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                child = node.value[part]
                line = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return line

    def repeated_keys(self) -> list[tuple[list[str | int], int, int]]:
        """Keys written twice in one mapping: (path of the repeat, its line, the first one's line)."""
        out: list[tuple[list[str | int], int, int]] = []

        def walk(node: yaml.Node | None, path: list[str | int]) -> None:
            if isinstance(node, yaml.MappingNode):
                seen: dict[str | int, int] = {}
                for key, value in node.value:
                    line = key.start_mark.line + 1
                    if key.value in seen:
                        out.append(([*path, key.value], line, seen[key.value]))
                    seen.setdefault(key.value, line)
                    walk(value, [*path, key.value])
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    walk(item, [*path, index])

        walk(self.root, [])
        return out

    def key_lines(self, offset: int = 0) -> dict[str, int]:
        """The 1-based line (plus ``offset``) of each key of the top-level mapping; a key written twice,
        its last line (the value that counts)."""
        if not isinstance(self.root, yaml.MappingNode):
            return {}
        return {str(key.value): key.start_mark.line + 1 + offset for key, _ in self.root.value
                if isinstance(key, yaml.ScalarNode)}

    def key_line(self, path: Sequence[str | int], key: str) -> int:
        """Line of ``key`` inside the mapping at ``path``."""
        return self.line([*path, key])


class YamlError(Exception):
    """A YAML syntax error: the 1-based line where the editor made it and what it is.

    ``problem`` is the code of an editor's message in :mod:`handbook.i18n` (``yaml-…``);
    ``detail`` is the parser's own wording, for programmers.
    """

    def __init__(self, line: int, problem: str, detail: str = "") -> None:
        super().__init__(detail or problem)
        self.line = line
        self.problem = problem
        self.detail = detail


def _colons(line: str) -> int:
    """Colons followed by a space or the line's end, outside quotes (each starts a key: value)."""
    unquoted = re.sub(r'"[^"]*"|\'[^\']*\'', "", line)
    return len(re.findall(r":(?=\s|$)", unquoted))


def _runaway_quote(text: str, before: int) -> int | None:
    """The 0-based line of a quote left open: a quoted value that another quote further down closes, with
    lines between that look like fields (``region: "satakunta`` … ``organisation: {fi: "…``); else None."""
    runaway = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > before:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.end_mark.line > token.start_mark.line:
                inside = text.split("\n")[token.start_mark.line + 1:token.end_mark.line + 1]
                if any(re.match(r"\s*(-\s+)?[\w.-]+:(\s|$)", line) for line in inside):
                    runaway = token.start_mark.line
    except yaml.MarkedYAMLError:
        pass
    return runaway


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The line where the editor made a YAML mistake, and the code of the message that explains it.

    The parser reports where it gave up, often the line after the slip (a list left open with ``[``
    is noticed on the next line); this points at the slip itself."""
    context, problem = exc.context or "", exc.problem or ""
    at = exc.problem_mark or exc.context_mark
    there = exc.context_mark or at
    lines = text.split("\n")

    def line_text(mark: Mark | None) -> str:
        return lines[mark.line] if mark is not None and mark.line < len(lines) else ""

    def number(mark: Mark | None) -> int:
        return mark.line + 1 if mark is not None else 1

    if "flow sequence" in context:
        return number(there), "yaml-unclosed-list"
    if "flow mapping" in context:
        return number(there), "yaml-unclosed-map"
    if "quoted scalar" in context:
        return number(there), "yaml-unclosed-quote"
    runaway = _runaway_quote(text, at.line) if at is not None else None
    if runaway is not None:  # closed only by a quote of a later field: told where it was left open
        return runaway + 1, "yaml-unclosed-quote"
    if "tab character" in problem and at is not None:
        return at.line + 1, "yaml-tab"
    if "cannot start any token" in problem and at is not None:
        char = line_text(at)[at.column:at.column + 1]
        return at.line + 1, "yaml-tab" if char == "\t" else "yaml-reserved-char"
    if "simple key" in context:
        return number(there), "yaml-no-colon"
    if "mapping values are not allowed" in problem and at is not None:
        return at.line + 1, "yaml-colon" if _colons(line_text(at)) > 1 else "yaml-indent"
    if at is not None and ("expected key" in problem or "block end" in problem or "block mapping" in context
                           or "block collection" in context):
        return at.line + 1, "yaml-indent"
    return (at.line + 1 if at is not None else 1), "yaml-syntax"


#: what YAML does not take in a file: control characters other than tab and line breaks, surrogates, U+FFFE/F
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: how deep the handbook's YAML may nest (a card nests three levels; the parser and the checks walk it)
MAX_DEPTH = 32


def _flow_too_deep(text: str) -> int | None:
    """The 0-based line where ``[`` and ``{`` nest deeper than :data:`MAX_DEPTH`, or None; looked for
    before the parser sees the text, as plain characters (also inside quotes: no text of the handbook
    holds 32 open brackets), because the C parser's recursion has no limit of its own."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = line = 0
    for char in text:
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


#: what no text of the handbook holds, however it is written: control characters (but tab and line
#: breaks), direction overrides and isolates, zero-width characters (a double-quoted value can write
#: them as escapes, ``"\u202e"``, which no line check sees)
_HIDDEN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060"
                           "\ufeff\u180e\u061c\u200e\u200f]")


def _shape_problem(root: yaml.Node | None) -> YamlError | None:
    """An alias (``*name``: the same node reached twice), nesting deeper than :data:`MAX_DEPTH` or an escape
    that writes a character of :data:`_HIDDEN_VALUE`, walked in the document's order without recursion
    and each node once: the editor's line (the key or list that holds the repeat) and message, or None."""
    seen: set[int] = set()
    todo: list[tuple[yaml.Node, int, int]] = [(root, 0, root.start_mark.line)] if root is not None else []
    while todo:
        node, depth, line = todo.pop()
        if id(node) in seen:
            return YamlError(line + 1, "yaml-alias")
        seen.add(id(node))
        if depth > MAX_DEPTH:
            return YamlError(line + 1, "yaml-deep")
        if isinstance(node, yaml.ScalarNode) and node.style == '"' and _HIDDEN_VALUE.search(node.value):
            return YamlError(node.start_mark.line + 1, "yaml-escaped-hidden")
        if isinstance(node, yaml.MappingNode):
            for key, _ in node.value:
                if key.tag == "tag:yaml.org,2002:merge":  # '<<:' puts keys into the mapping from elsewhere
                    return YamlError(key.start_mark.line + 1, "yaml-merge")
            for key, value in reversed(node.value):
                todo += [(value, depth + 1, key.start_mark.line), (key, depth + 1, key.start_mark.line)]
        elif isinstance(node, yaml.SequenceNode):
            todo += [(item, depth + 1, line) for item in reversed(node.value)]
    return None


def load(text: str) -> tuple[object, LineMap]:
    """Parse ``text``; raise :class:`YamlError` with the editor's line and message on bad syntax, on an
    alias (``&name`` … ``*name``: the handbook's files write every value out) or on nesting too deep."""
    deep = _flow_too_deep(text)
    if deep is not None:
        raise YamlError(deep + 1, "yaml-deep")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        problem = _shape_problem(node)
        if problem is not None:
            raise problem
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        line, code = explain(exc, text)
        raise YamlError(line, code, exc.problem or str(exc)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not take (a control character)
        bad = _NOT_PRINTABLE.search(text)
        raise YamlError(text[:bad.start() if bad else exc.position].count("\n") + 1, "yaml-control", str(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlError(1, "yaml-syntax", str(exc)) from None
    finally:
        loader.dispose()
    return data, LineMap(node)




def strings(data: object, path: list[str | int] | None = None) -> Iterator[tuple[list[str | int], str]]:
    """Every string in loaded YAML data, with its path of keys and indexes (for :meth:`LineMap.line`)."""
    path = path or []
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, [*path, key])
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, [*path, index])
    elif isinstance(data, str):
        yield path, data
