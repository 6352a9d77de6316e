"""pandoc as a test oracle: our CSL-JSON export of real-world bibliographies agrees with pandoc's reading
of the same files (``pandoc -f biblatex -t csljson``), field by field, on at least 95 % of the fields.

Only style is normalised: where a name particle sits and which name part holds a word, dash and quote
characters, markup (<i>, <span class="nocase">) and spacing. Every disagreement that remains is listed
in KNOWN with the reason we keep it; the test also fails when a listed disagreement goes away, so the
list stays true.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pypandoc
import pytest
from pybtex.database.input.bibtex import Parser

from handbook.content import bib as bibmod
from handbook.publish.bibliography import csl_item

FIXTURES = Path(__file__).parent / "fixtures" / "bib"
FIELDS = ["title", "author", "editor", "issued", "container-title", "volume", "issue", "page", "publisher",
          "publisher-place", "DOI", "URL"]



def _squash(value) -> str:
    return re.sub(r"\band\b|[;,\s]", "", text(value))


#: The disagreements we keep, each with its reason: (fields, reason, test on (pandoc's value, ours, raw fields)).
KNOWN = [
    (("publisher",), "pandoc splits a publisher at 'and' ('Springer Science and Business Media LLC' becomes two "
                     "publishers); the name is one organisation",
     lambda theirs, mine, raw: _squash(theirs) == _squash(mine)),
    (("issued",), "the month is written as a word in braces ({June}, {Dec}): BibTeX styles print it and we read it; "
                  "pandoc reads only month numbers and macros (jun) and drops it",
     lambda theirs, mine, raw: date(theirs) == [date(mine)[0][:1]] and not raw.get("month", "").strip().isdigit()),
    (("author", "editor"), "the names are separated by an upper-case AND: BibTeX splits name lists at 'and' in any "
                           "case; pandoc only at a lower-case 'and' and runs the names together",
     lambda theirs, mine, raw: " AND " in raw.get("author", "") + raw.get("editor", "")),
    (("issue",), "the issue number is written in 'issue' (a BibTeX habit; BibLaTeX's field is 'number'): pandoc "
                 "drops it, we show it",
     lambda theirs, mine, raw: theirs is None and "issue" in raw and "number" not in raw),
    (("title", "container-title"), "pandoc leaves math-mode LaTeX ($\\vert$) in the text; we decode it",
     lambda theirs, mine, raw: "$" in str(theirs) or "\\" in str(theirs)),
    (("title", "container-title"), "crossref: BibLaTeX's default inheritance gives an @incollection the parent "
                                   "book's title as booktitle and its subtitle as booksubtitle; pandoc gives the "
                                   "subtitle to the chapter and no container",
     lambda theirs, mine, raw: "crossref" in raw),
]


def explained(field: str, theirs, mine, raw: dict) -> str | None:
    """The reason a disagreement is kept, or None."""
    for fields, reason, test in KNOWN:
        if field in fields and test(theirs, mine, raw):
            return reason
    return None


def files() -> list[Path]:
    """The real-world files (see fixtures/bib/README.md)."""
    return sorted(FIXTURES.glob("*.bib"))


def pandoc(path: Path) -> dict[str, dict]:
    result = subprocess.run([pypandoc.get_pandoc_path(), "-f", "biblatex", "-t", "csljson", str(path)],
                            capture_output=True, text=True, timeout=120, check=True)
    return {item["id"]: item for item in json.loads(result.stdout)}


def ours(path: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """Our CSL-JSON items, and each entry's fields as written (lower-case names, name lists unsplit)."""
    text_ = path.read_text(encoding="utf-8")
    b = bibmod.parse_text(text_, f"bibliography/{path.name}")
    written = Parser(person_fields=()).parse_string(text_)
    raw = {key: {k.lower(): v for k, v in entry.fields.items()} for key, entry in written.entries.items()}
    return {key: csl_item(b.ref(key)) for key in b.entries}, raw


_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"} | {c: "'" for c in "“”„‟\"‘’‚‛«»"} | {"\u00a0": " ", "\u202f": " "})


def text(value) -> str:
    value = re.sub(r"<[^>]+>", "", str(value))
    value = unicodedata.normalize("NFC", value).translate(_DASHES)
    return " ".join(value.replace("'", "").split())


def names(value) -> list:
    out = []
    for name in value or []:
        words = []
        for part in ("literal", "non-dropping-particle", "dropping-particle", "family", "given", "suffix"):
            words += text(name.get(part, "")).replace(",", " ").replace(".", ". ").split()
        out.append(tuple(sorted(words)))
    return out


def date(value) -> list:
    return [[int(p) for p in parts] for parts in (value or {}).get("date-parts", []) if parts]


def normal(field: str, value):
    if value is None or value == "" or value == []:
        return None
    if field in ("author", "editor"):
        return names(value)
    if field == "issued":
        return date(value)
    if field == "DOI":
        return re.sub(r"^https?://(dx\.)?doi\.org/", "", text(value).lower())
    if field in ("title", "container-title"):
        return text(value).casefold()  # pandoc sentence-cases English titles for CSL: letter case is style
    if field == "URL":
        return text(value).rstrip("/")
    return text(value)


def compare(path: Path) -> tuple[int, int, list[tuple[str, str, object, object, str | None]]]:
    """(fields agreeing, fields compared, disagreements as (key, field, pandoc's, ours, reason kept))."""
    theirs, (mine, raw) = pandoc(path), ours(path)
    total = agree = 0
    differences = []
    for key in sorted(set(theirs) | set(mine)):
        a, b = theirs.get(key, {}), mine.get(key, {})
        for field in FIELDS:
            x, y = normal(field, a.get(field)), normal(field, b.get(field))
            if x is None and y is None:
                continue
            total += 1
            if x == y:
                agree += 1
            else:
                reason = explained(field, a.get(field), b.get(field), raw.get(key, {}))
                differences.append((key, field, a.get(field), b.get(field), reason))
    return agree, total, differences


@pytest.mark.parametrize("path", files(), ids=lambda p: p.name)
def test_csl_json_agrees_with_pandoc(path):
    agree, total, differences = compare(path)
    assert total and agree / total >= 0.95, f"{path.name}: {agree}/{total} fields agree"
    unexplained = [d for d in differences if d[4] is None]
    assert unexplained == [], "\n".join(f"{k} {f}: pandoc {a!r} / ours {b!r}" for k, f, a, b, _ in unexplained)


def test_every_kept_disagreement_still_occurs():
    """A reason in KNOWN that explains nothing any more is removed, so the list stays true."""
    used = {reason for path in files() for *_, reason in compare(path)[2]}
    assert [reason for _, reason, _ in KNOWN if reason not in used] == []
