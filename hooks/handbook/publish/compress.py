"""Precompressed copies of the site's text files: ``page.html.gz`` and ``page.html.br`` beside ``page.html``.

A static host that serves precompressed files (see the README) sends the ``.br`` or ``.gz`` copy to a
browser that accepts it, with the original's media type, and spends no time compressing on each
request. gzip is at level 9. Brotli is at its highest quality (11) for the style sheets, scripts and
pictures (:data:`DENSEST`, up to :data:`DENSEST_UP_TO`: few files, shared by every page, and the
slowest part of a first view),
and at quality 6 for the pages and data: quality 11 takes about 30 times the time of 6 for some 9 %
less on a page, which on a handbook of thousands of pages would cost more than its build. A copy
whose original has not changed since it was written is kept as it is (``make serve``'s rebuilds).
Source maps (``.map``) get no copies: only a developer's tools ask for them.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

#: the text files that get compressed copies, by their ending
TEXT = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".bib", ".webmanifest")
#: the endings whose Brotli copy gets the highest quality (the others get :data:`PAGE_QUALITY`)
DENSEST = (".css", ".js", ".mjs", ".svg")
PAGE_QUALITY = 6
#: a file larger than this gets :data:`PAGE_QUALITY` whatever its ending (the editing page's CMS
#: script is megabytes, copied anew on each build; quality 11 would take seconds on it)
DENSEST_UP_TO = 512 * 1024
#: the compressed copies' endings
ENDINGS = (".gz", ".br")


def text_files(site_dir: Path) -> Iterator[Path]:
    """Every text file of the built site that gets compressed copies (:data:`TEXT`), in path order."""
    for path in sorted(site_dir.rglob("*")):
        if path.suffix.lower() in TEXT and path.is_file() and not path.is_symlink():
            yield path


def gzipped(data: bytes) -> bytes:
    """``data`` gzipped at level 9, with no file name or time in the header (the same bytes every build)."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotlied(data: bytes, quality: int = 11) -> bytes:
    """``data`` compressed with Brotli at ``quality`` (text mode)."""
    return bytes(brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality))


def _fresh(original: Path, copy: Path) -> bool:
    """Whether ``copy`` was written after ``original`` last changed."""
    try:
        return copy.stat().st_mtime_ns >= original.stat().st_mtime_ns
    except OSError:
        return False


def compress_file(path: Path) -> int:
    """Write ``path.gz`` and ``path.br`` beside ``path`` unless they are newer than it; how many were written."""
    gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
    if _fresh(path, gz) and _fresh(path, br):
        return 0
    data = path.read_bytes()
    quality = 11 if path.suffix.lower() in DENSEST and len(data) <= DENSEST_UP_TO else PAGE_QUALITY
    for copy, packed in ((gz, gzipped(data)), (br, brotlied(data, quality))):
        tmp = copy.with_name(copy.name + ".tmp")
        tmp.write_bytes(packed)
        os.replace(tmp, copy)
    return 2


def compress_site(site_dir: Path, workers: int = 2) -> int:
    """Compressed copies of every text file of the site (:func:`text_files`); how many copies were written."""
    with ThreadPoolExecutor(max_workers=workers) as pool:  # zlib and Brotli release the GIL while they work
        return sum(pool.map(compress_file, text_files(site_dir)))
