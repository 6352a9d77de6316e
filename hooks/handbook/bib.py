"""The bibliography: every ``bibliography/*.bib`` file, parsed once with pybtex.

:func:`load` returns a :class:`Bibliography` with the entries, the line of
each entry in its file, the in-text labels (``Rousu 2020a``) and the findings:
malformed BibTeX, duplicate keys, missing required fields, implausible years
and URLs that are not http(s).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.database import BibliographyData, Entry, parse_string
from pybtex.richtext import Text
from pybtex.scanner import PybtexError

from .findings import Finding, finding

NO_YEAR = {"fi": "s.a.", "en": "n.d."}
ENTRY_START = re.compile(r"^[ \t]*@(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s]+)\s*,", re.MULTILINE)

#: Required fields per entry type; "author|editor" means one of them.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "inbook": ("author|editor", "title", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "report": ("author", "title", "institution", "year"),
    "online": ("title", "url"),
    "misc": ("title",),
    "unpublished": ("author", "title", "note"),
}


@dataclass
class Bibliography:
    """All entries of all ``.bib`` files, with where each one is."""

    entries: dict[str, Entry] = field(default_factory=dict)
    where: dict[str, tuple[str, int]] = field(default_factory=dict)
    labels: dict[str, "Label"] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def data(self) -> BibliographyData:
        return BibliographyData(entries=dict(self.entries))


@dataclass(frozen=True)
class Label:
    """An entry's in-text label parts: names ('Rousu', 'Harju ja Horuz', …) and year with suffix."""

    names: dict[str, str]
    year: str
    suffix: str = ""

    def year_text(self, lang: str) -> str:
        return (self.year or NO_YEAR[lang]) + self.suffix

    def text(self, lang: str) -> str:
        """Parenthetical form: ``Rousu 2020a`` (fi), ``Rousu, 2020a`` (en)."""
        sep = " " if lang == "fi" else ", "
        return f"{self.names[lang]}{sep}{self.year_text(lang)}"

    def narrative(self, lang: str) -> str:
        """Author-in-text form: ``Rousu (2020a)``."""
        return f"{self.names[lang]} ({self.year_text(lang)})"


_TEXT = TextBackend()


@functools.lru_cache(maxsize=65536)
def plain(latex: str) -> str:
    """A BibTeX field value as plain text (braces and accents resolved)."""
    if not any(c in latex for c in "{}\\$~"):
        return latex
    return Text.from_latex(latex).render(_TEXT)


def person_surname(person) -> str:
    return plain(" ".join(person.prelast_names + person.last_names))


def _label_names(entry: Entry) -> dict[str, str]:
    if "shortauthor" in entry.fields:
        name = plain(entry.fields["shortauthor"])
        return {"fi": name, "en": name}
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:
        title = plain(entry.fields.get("title", entry.key))
        short = title if len(title) <= 40 else title[:40].rsplit(" ", 1)[0] + "…"
        return {"fi": f"”{short}”", "en": f"“{short}”"}
    names = [person_surname(p) for p in people]
    if len(names) == 1:
        return {"fi": names[0], "en": names[0]}
    if len(names) == 2:
        return {"fi": f"{names[0]} ja {names[1]}", "en": f"{names[0]} and {names[1]}"}
    return {"fi": f"{names[0]} ym.", "en": f"{names[0]} et al."}


def make_labels(entries: dict[str, Entry]) -> dict[str, Label]:
    """Author–year labels; the same names and year get a, b, c … in date and title order."""
    groups: dict[tuple[str, str], list[str]] = {}
    for key, entry in entries.items():
        names = _label_names(entry)
        groups.setdefault((names["fi"], entry.fields.get("year", "")), []).append(key)
    labels = {}
    for (_, year), keys in groups.items():
        keys.sort(key=lambda k: (entries[k].fields.get("date", ""), plain(entries[k].fields.get("title", "")).casefold(), k))
        for index, key in enumerate(keys):
            suffix = "abcdefghijklmnopqrstuvwxyz"[index % 26] if len(keys) > 1 else ""
            labels[key] = Label(_label_names(entries[key]), year, suffix)
    return labels


def _entry_lines(text: str) -> list[tuple[str, str, int]]:
    """(type, key, line) of every entry start in a BibTeX text."""
    out = []
    line, counted = 1, 0  # newlines are counted once, from one entry to the next
    for match in ENTRY_START.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if match["type"].lower() in ("comment", "preamble", "string"):
            continue
        out.append((match["type"].lower(), match["key"], line))
    return out


def _check_entry(entry: Entry, rel: str, line: int, this_year: int) -> list[Finding]:
    out = []
    required = REQUIRED.get(entry.type.lower(), ("title",))
    for need in required:
        options = need.split("|")
        if not any(o in entry.fields or o in entry.persons for o in options):
            out.append(finding(rel, line, "bib-fields", "bib-field-missing", key=entry.key,
                               type=entry.type, field=" or ".join(options), required=", ".join(required)))
    year = entry.fields.get("year")
    if year is not None and not (re.fullmatch(r"\d{4}", year.strip()) and 1500 <= int(year) <= this_year + 1):
        out.append(finding(rel, line, "bib-year", "bib-year", key=entry.key, value=year, max=this_year + 1))
    url = entry.fields.get("url")
    if url is not None and not re.match(r"^https?://[^\s/$.?#][^\s]*$", url.strip()):
        out.append(finding(rel, line, "bib-url", "bib-url", key=entry.key, value=url))
    date = entry.fields.get("date")
    if date is not None:
        try:
            dt.date.fromisoformat(date.strip())
        except ValueError:
            out.append(finding(rel, line, "bib-fields", "bib-date", key=entry.key, value=date))
    return out


_cache: dict[tuple, Bibliography] = {}


def bib_files(root: Path) -> list[Path]:
    return sorted((root / "bibliography").glob("*.bib"))


def load(root: Path, today: dt.date | None = None) -> Bibliography:
    """Parse every ``.bib`` file under ``root/bibliography`` (cached by file stamps)."""
    files = bib_files(root)
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    if stamp in _cache and today is None:
        return _cache[stamp]
    this_year = (today or dt.date.today()).year
    bib = Bibliography()
    for path in files:
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        starts = _entry_lines(text)
        seen_here: dict[str, int] = {}
        for _, key, line in starts:
            if key in seen_here:
                bib.findings.append(finding(rel, line, "bib-duplicate", "bib-duplicate", key=key,
                                            other=f"{rel}:{seen_here[key]}"))
            elif key in bib.where:
                other = bib.where[key]
                bib.findings.append(finding(rel, line, "bib-duplicate", "bib-duplicate", key=key,
                                            other=f"{other[0]}:{other[1]}"))
            seen_here.setdefault(key, line)
        if any(f.rule == "bib-duplicate" and f.path == rel for f in bib.findings):
            text = _drop_repeats(text, starts)
        try:
            data = parse_string(text, "bibtex")
        except PybtexError as exc:
            line = getattr(exc, "lineno", None) or 1
            bib.findings.append(finding(rel, line, "bib-syntax", "bib-syntax", problem=str(exc)))
            continue
        lines = {key: line for _, key, line in starts}
        for key, entry in data.entries.items():
            if key in bib.entries or "--repeat" in key:
                continue  # reported as a duplicate above
            bib.entries[key] = entry
            bib.where[key] = (rel, lines.get(key, 1))
            bib.findings.extend(_check_entry(entry, rel, lines.get(key, 1), this_year))
    bib.labels = make_labels(bib.entries)
    _cache.clear()
    _cache[stamp] = bib
    return bib


def _drop_repeats(text: str, starts: list[tuple[str, str, int]]) -> str:
    """Rename repeated keys inside one file so that pybtex can parse the rest of it."""
    seen: set[str] = set()
    lines = text.split("\n")
    for _, key, line in starts:
        if key in seen:
            lines[line - 1] = lines[line - 1].replace(key, f"{key}--repeat{line}", 1)
        seen.add(key)
    return "\n".join(lines)
