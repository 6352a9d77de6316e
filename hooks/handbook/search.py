"""Search: one Pagefind index per language, with Finnish base forms and compound parts.

Each built page is marked up for Pagefind in :func:`annotate` (``on_post_page``):
the article is the indexed body, the section (and for cards the municipality and
status) become result metadata, permalinks and hidden helper text are ignored,
and for Finnish pages the base forms and compound parts of the page's words,
found with Voikko, are added in a hidden element. So *lastensuojelussa* finds
*lastensuojelu*, *sijoitus* finds *sijoituksia*, and *suojelu* or *lapsi* find
*lastensuojelu*; Pagefind's own Finnish stemming handles the rest of the
inflection at query time. After the last language, :func:`index_site` runs the
Pagefind command once over the site; it writes one index per ``<html lang>``.

Why Voikko rather than the glossary's term list: Voikko knows the whole Finnish
vocabulary and its compounds, so a card about *perhetyöntekijät* is found by
*perhe* without anyone adding the word to a list. Without Voikko (a machine
without the Debian packages ``libvoikko1`` and ``voikko-fi``) the index is built
without the expansion and the build says so.
"""

from __future__ import annotations

import html as htmllib
import json
import logging
import re
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.handbook.search")

#: Top-level folder → search result section label
SECTIONS = {
    "cards": {"fi": "Käytännöt", "en": "Practices"},
    "approaches": {"fi": "Työotteet", "en": "Approaches"},
    "research": {"fi": "Tutkimus", "en": "Research"},
    "journalists": {"fi": "Toimittajille", "en": "For journalists"},
    "facts": {"fi": "Toimittajille", "en": "For journalists"},
    "glossary": {"fi": "Toimittajille", "en": "For journalists"},
    "faq": {"fi": "Toimittajille", "en": "For journalists"},
    "bibliography": {"fi": "Tietoa", "en": "About"},
    "open-data": {"fi": "Tietoa", "en": "About"},
    "": {"fi": "Etusivu", "en": "Home"},
}
_WORD = re.compile(r"[^\W\d_]{3,}")
_TAGS = re.compile(r"<[^>]+>")
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')


class Expander:
    """Finnish base forms and compound parts from Voikko, cached per word."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[str, ...]] = {}
        try:
            import libvoikko

            self.voikko = libvoikko.Voikko("fi")
        except Exception as exc:  # no libvoikko1/voikko-fi on this machine
            self.voikko = None
            self.problem = str(exc)

    @property
    def available(self) -> bool:
        return self.voikko is not None

    def words(self, word: str) -> tuple[str, ...]:
        """Base form and compound-part base forms of ``word`` (lower case)."""
        word = word.lower()
        if word in self.cache:
            return self.cache[word]
        out: list[str] = []
        for analysis in (self.voikko.analyze(word) if self.voikko else [])[:2]:
            base = analysis.get("BASEFORM", "").lower()
            if base and base != word:
                out.append(base)
            out.extend(compound_parts(analysis.get("WORDBASES", "")))
        result = tuple(dict.fromkeys(w for w in out if w != word and len(w) > 2))
        self.cache[word] = result
        return result


def compound_parts(wordbases: str) -> list[str]:
    """Compound members of a Voikko ``WORDBASES`` string.

    ``+lasten(lapsi)+suojel(suojella)+u(+u)`` → ``["lapsi", "suojelu"]``: a part is
    ``+surface(base)``; a part whose base starts with ``+`` is a derivational
    suffix and is joined to the surface of the part before it.
    """
    parts: list[list[str]] = []  # [surface, base]
    for surface, base in re.findall(r"\+([^+(]*)(?:\(([^)]*)\))?", wordbases):
        if base.startswith("+") and parts:
            parts[-1] = [parts[-1][0] + surface, parts[-1][0] + surface]
        elif surface:
            parts.append([surface, base or surface])
    return [base.lower() for _, base in parts] if len(parts) > 1 else []


def section_of(url: str, lang: str) -> str:
    """The search result section of a page URL (``en/cards/x/`` → Practices)."""
    neutral = url[len(lang) + 1:] if lang != "fi" and url.startswith(f"{lang}/") else url
    return SECTIONS.get(neutral.split("/")[0], SECTIONS[""])[lang]


def annotate(page_html: str, url: str, lang: str, meta: dict[str, str], expander: Expander | None) -> str:
    """Mark a built page up for Pagefind (see the module docstring)."""
    match = _ARTICLE.search(page_html)
    end = page_html.rfind("</article>")
    if not match or end < match.end():
        return page_html
    article = page_html[match.end():end].replace('class="headerlink"', 'class="headerlink" data-pagefind-ignore')
    fields = {"section": section_of(url, lang), **meta}
    head = "".join(f'<span data-pagefind-meta="{key}" data-pagefind-ignore hidden>{htmllib.escape(value)}</span>'
                   for key, value in fields.items())
    tail = ""
    if lang == "fi" and expander is not None and expander.available:
        words = {w.lower() for w in _WORD.findall(htmllib.unescape(_TAGS.sub(" ", article)))}
        found = sorted({x for w in words for x in expander.words(w)} - words)
        if found:
            tail = f'<p class="hb-search-terms" hidden>{" ".join(found)}</p>'
    return (page_html[:match.start()] + '<article class="md-content__inner md-typeset" data-pagefind-body>'
            + head + article + tail + page_html[end:])


def index_site(site_dir: Path) -> dict:
    """Run Pagefind over the built site: ``site_dir/pagefind``, one index per language."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed: {result.stderr[-2000:]}")
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = sorted(entry.get("languages", {}))
    return {"seconds": time.perf_counter() - start, "languages": languages, "output": result.stdout[-400:]}
