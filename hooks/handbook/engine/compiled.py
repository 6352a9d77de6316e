"""The theme's templates, compiled once per process.

The engine makes a new Jinja2 environment for every build, and mkdocs-static-i18n runs one build
per language, so each language compiles Material's templates again, and so does every rebuild of
``make serve``. :class:`Compiled` keeps their compiled code in memory for the process
(:class:`~handbook.engine.build.Memory`): Jinja2 compiles a template again only when its source
changes (it checks the source's checksum), and environments with other extensions get a store of
their own. The pages are the same; only the compiling is saved.
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket


class _Store(jinja2.BytecodeCache):
    """Compiled templates of one kind of environment, in memory."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja2 drops it if the template's source has changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


#: the environment's settings that the compiled code depends on, besides its extensions
_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
             "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
             "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
             "autoescape", "is_async")


class Compiled:
    """The compiled templates of every theme environment this process has made, by the settings of the
    environment that shape the compiled code (its extensions and syntax; the file each template was
    read from is part of its key)."""

    def __init__(self) -> None:
        self._stores: dict[tuple[str, ...], _Store] = {}

    def attach(self, env: jinja2.Environment) -> jinja2.Environment:
        """``env`` with this process's compiled templates as its bytecode cache."""
        if env.bytecode_cache is None:
            kind = (*sorted(env.extensions), *(str(getattr(env, name)) for name in _SETTINGS))
            env.bytecode_cache = self._stores.setdefault(kind, _Store())
        return env
