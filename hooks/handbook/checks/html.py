"""Links and anchors in the built HTML.

A second net behind the source checks: it sees the links the hooks generate
(fact boxes, reference lists, indexes, the glossary). Each finding names the
source file of the page it is on.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from ..findings import Finding, finding

_HREF = re.compile(r'<a\s[^>]*?href="([^"]+)"')
_ID = re.compile(r'\sid="([^"]+)"')
SKIP_DIRS = ("pagefind/", "assets/", "search/")


def check(site_dir: Path, sources: dict[str, str], base_path: str = "/") -> list[Finding]:
    """Every link inside the site resolves to a file and, if it has one, an anchor.

    ``sources`` maps a page URL (``cards/x/``) to its source file for the findings;
    ``base_path`` is the path of the site's address (``/`` or e.g. ``/handbook/``).
    """
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    ids_cache: dict[str, set[str]] = {}

    def ids(rel: str) -> set[str]:
        if rel not in ids_cache:
            ids_cache[rel] = set(_ID.findall((site_dir / rel).read_text(encoding="utf-8", errors="replace")))
        return ids_cache[rel]

    out: list[Finding] = []
    for rel in sorted(f for f in files if f.endswith(".html") and not f.startswith(SKIP_DIRS)):
        text = (site_dir / rel).read_text(encoding="utf-8", errors="replace")
        if rel not in ids_cache:
            ids_cache[rel] = set(_ID.findall(text))
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        source = sources.get(url, f"site/{rel}")
        here = posixpath.dirname(rel)
        for href in set(_HREF.findall(text)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("//"):
                continue
            path, _, fragment = unquote(href.replace("&amp;", "&")).partition("#")
            if path.startswith("/"):
                if not path.startswith(base_path):
                    continue  # another site on the same host
                path = "/" + path[len(base_path):]
                here_dir = ""
                path = path.lstrip("/") or "./"
            else:
                here_dir = here
            if not path:
                target = rel
            else:
                target = posixpath.normpath(posixpath.join(here_dir, path))
                if path.endswith("/") or target in ("", "."):
                    target = posixpath.join(target, "index.html") if target not in ("", ".") else "index.html"
                elif target not in files and target + "/index.html" in files:
                    target += "/index.html"
            if target not in files:
                out.append(finding(source, 1, "html-link", "html-link", page=url or "/", target=href))
            elif fragment and target.endswith(".html") and fragment not in ids(target):
                out.append(finding(source, 1, "html-anchor", "html-anchor", page=url or "/", target=href))
    return out
