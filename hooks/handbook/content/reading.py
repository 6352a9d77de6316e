"""Reading a source file: only a plain file inside the project, of bounded size, in UTF-8.

Every reader of the handbook's sources (pages, ``card.yml``, the data files, the allow-list) reads
through :func:`source_text`, so that none of them follows a symbolic link out of the repository,
blocks on a special file, crashes on a folder or on bytes that are not UTF-8, or spends minutes on
a file of megabytes. What it refuses is an :class:`Unreadable` with the line and the code of an
editor's message, which the caller reports at ``file:line`` like every other finding.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from handbook.findings import Finding, finding

#: the largest source file read (bytes): a card or a page is a few kilobytes
MAX_BYTES = 512 * 1024
#: the largest bibliography file (thousands of entries are a few megabytes)
MAX_BIB_BYTES = 16 * 1024 * 1024
#: a plain file or folder name: what a web address may hold as it is
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*$")


class Unreadable(Exception):
    """A source file the handbook does not read: the 1-based line, the message code and its parameters."""

    def __init__(self, line: int, code: str, **params: Any) -> None:
        super().__init__(code)
        self.line = line
        self.code = code
        self.params = params

    def finding(self, rel: str, rule: str = "file") -> Finding:
        """The refusal as a finding at ``rel:line``."""
        return finding(rel, self.line, rule, self.code, **self.params)


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symbolic link resolved, is inside ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def refusal(path: Path, root: Path, limit: int = MAX_BYTES) -> Unreadable | None:
    """Why ``path`` is not a source file the handbook reads (None if it is one): a symbolic link (the
    file or a folder on its way from ``root``), a name that is not plain (:data:`NAME`), outside
    ``root``, not a regular file, or larger than ``limit`` bytes."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = None
    if relative is not None:  # every folder on the way, and the file itself, as they are in the repository
        current = root
        for part in relative.parts:
            current = current / part
            if current.is_symlink():
                return Unreadable(1, "file-symlink", target=os.readlink(current))
        for part in relative.parts:
            if not NAME.match(part):
                return Unreadable(1, "file-name", name=part)
    elif path.is_symlink():
        return Unreadable(1, "file-symlink", target=os.readlink(path))
    if not inside(path, root):
        return Unreadable(1, "file-outside")
    try:
        info = path.lstat()
    except OSError:
        return Unreadable(1, "file-missing", name=path.name)
    if not stat.S_ISREG(info.st_mode):
        return Unreadable(1, "file-not-file", name=path.name)
    if info.st_size > limit:
        return Unreadable(1, "file-large", size=info.st_size // 1024, limit=limit // 1024)
    return None


def decode(data: bytes) -> str:
    """``data`` as UTF-8 text (a byte-order mark dropped, line ends as ``\\n``, as the engine reads a page);
    :class:`Unreadable` at the line of the first byte that is not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(data[:exc.start].count(b"\n") + 1, "file-encoding") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def source_text(path: Path, root: Path, limit: int = MAX_BYTES) -> str:
    """The text of the source file ``path`` of the project at ``root``; :class:`Unreadable` if the
    handbook does not read it (:func:`refusal`, :func:`decode`)."""
    problem = refusal(path, root, limit)
    if problem is not None:
        raise problem
    with path.open("rb") as handle:  # a regular file (checked above): reading cannot block
        return decode(handle.read(limit + 1))
