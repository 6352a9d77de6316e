"""The online link check's results, and the cache file that keeps them between runs.

A cache only saves requests; it must never hide a link. So an entry is used only while it is
fresh (checked in the past, within the maximum age: a ``checked_at`` in the future is not fresh),
only for a verdict that came from a request (never ``blocked`` or ``invalid``, which are decided
anew on every run), and only after the guard has accepted the link's host again
(:class:`~handbook.checks.external.LinkChecker`). A cache file that git tracks came from the
repository, not from a run on this machine, and is neither read nor written (:func:`tracked`).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

#: the verdicts a request gives, and so the only ones kept in the cache
CACHED_STATES = frozenset({"ok", "dead", "unsure", "tls", "redirect"})


@dataclass(frozen=True)
class Result:
    """The outcome for one URL.

    ``state``: ok | dead | unsure | tls (the certificate did not verify) | redirect (to a scheme
    other than http and https) | blocked (not on the public internet: not requested) | invalid
    (not an address that can be requested). ``status``: the HTTP status or what went wrong.
    """

    url: str
    state: str
    status: str
    checked_at: float
    final_url: str = ""


def fresh(result: Result, now: float, max_age: float) -> bool:
    """Whether a cached ``result`` may stand in for a request at ``now``: checked no later than now and
    less than ``max_age`` seconds ago (an unsure one a seventh of that)."""
    limit = max_age if result.state != "unsure" else max_age / 7
    return 0 <= now - result.checked_at < limit


def _entry(url: str, data: object) -> Result | None:
    """A cache file's entry as a :class:`Result`, or None if it is not one this check writes."""
    if not isinstance(data, dict) or set(data) != {f.name for f in fields(Result)}:
        return None
    checked_at = data["checked_at"]
    if (data["url"] != url or data["state"] not in CACHED_STATES or isinstance(checked_at, bool)
            or not isinstance(checked_at, (int, float)) or not math.isfinite(checked_at)
            or not all(isinstance(data[k], str) for k in ("url", "state", "status", "final_url"))):
        return None
    return Result(url, data["state"], data["status"], float(checked_at), data["final_url"])


def load(path: Path | None) -> dict[str, Result]:
    """The well-formed entries of the cache file at ``path`` (none if there is no such file or it is not JSON)."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    entries = ((url, _entry(url, value)) for url, value in data.items())
    return {url: result for url, result in entries if result is not None}


def save(path: Path, results: dict[str, Result]) -> None:
    """Write the cacheable ``results`` to ``path`` (whole, or not at all)."""
    kept = {url: asdict(r) for url, r in results.items() if r.state in CACHED_STATES}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(kept, out, indent=1, sort_keys=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def tracked(root: Path, path: Path) -> bool:
    """Whether the cache file ``path`` came with the checkout at ``root``: inside it and tracked by git
    (also when it is inside and git cannot tell, e.g. no git or not a repository). A file outside
    ``root`` is never tracked."""
    try:
        inside = path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    try:
        result = subprocess.run(["git", "ls-files", "--error-unmatch", "--", inside.as_posix()], cwd=root.resolve(),
                                capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return True
    return result.returncode != 1  # 1: git knows the repository and does not track the file
