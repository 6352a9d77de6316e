"""YAML with line numbers.

:func:`load` parses YAML keeping dates as plain strings (the schema checks
their form) and returns the data with a :class:`LineMap` that tells the
1-based line of any value by its path, so that every finding can name its line.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that does not turn ``2018-05-02`` into a ``datetime.date``."""


_Loader.yaml_implicit_resolvers = {
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
                for key, value in node.value:
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

    def key_line(self, path: Sequence[str | int], key: str) -> int:
        """Line of ``key`` inside the mapping at ``path``."""
        return self.line([*path, key])


class YamlError(Exception):
    """A YAML syntax error with the 1-based line it was found on."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


def load(text: str) -> tuple[object, LineMap]:
    """Parse ``text``; raise :class:`YamlError` with a line on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlError(line, exc.problem or str(exc)) from None
    finally:
        loader.dispose()
    return data, LineMap(node)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split ``---`` front matter from Markdown: (front matter, body, body's first line - 1)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end == -1 and text.endswith("\n---"):
            end = len(text) - 4
        if end != -1:
            front = text[4:end]
            body = text[end + 5:]
            return front, body, front.count("\n") + 3
    return "", text, 0
