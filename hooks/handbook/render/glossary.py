"""Glossary terms marked on the pages, and the glossary page."""

from __future__ import annotations

import bisect
import html as htmllib
import re
import sys

from handbook.content.glossary import FI_ORDER, Term
from handbook.i18n import LANGS
from handbook.render.templates import render


#: Elements whose text is never marked (``cite``, ``em`` and ``i``: the titles of cited works are quoted as
#: they are; the bibliography page is not marked at all, see ``handbook.engine.pipeline.NO_TERMS``).
SKIP = {"a", "code", "pre", "kbd", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "textarea",
        "button", "select", "option", "aside", "dfn", "summary", "details", "abbr", "label", "svg", "time",
        "cite", "em", "i"}


class Marker:
    """Marks glossary terms in one language's pages (the pattern is compiled once)."""

    def __init__(self, terms: list[Term], lang: str) -> None:
        self.lang = lang
        self.terms = {term.id: term for term in terms}
        alternatives = []
        for term in terms:
            for stem in term.stems(lang):
                words = [re.escape(w) for w in stem.split()]
                alternatives.append((len(stem), term.id, r"[\w-]*\s+".join(words) + r"[\w-]*"))
        alternatives.sort(key=lambda a: -a[0])
        self.group_to_id = {f"t{i}": term_id for i, (_, term_id, _) in enumerate(alternatives)}
        body = "|".join(f"(?P<t{i}>{pattern})" for i, (_, _, pattern) in enumerate(alternatives))
        self.pattern = re.compile(rf"(?<![\w-])(?:{body})", re.IGNORECASE) if body else None
        #: where a term can start: the first word of each stem, lower case
        self.starts = sorted({stem.split()[0].lower() for term in terms for stem in term.stems(lang) if stem.split()})
        #: what the marked HTML depends on: the terms' words and definitions in this language
        self.key = (lang, body, tuple((term.id, term.term[lang], term.definition[lang], term.editors) for term in terms))

    def mark(self, html: str, base: str) -> tuple[str, list[str]]:
        """``html`` with each term's first occurrence linked; the ids of the terms marked.

        Terms are matched in text only: not inside a tag, nor inside an element listed in
        :data:`SKIP`. Only where a term's first word occurs is the pattern tried.
        """
        if self.pattern is None:
            return html, []
        lower = html.lower()
        if len(lower) != len(html):  # a character whose lower case is longer: positions would not agree
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in html)
        candidates: set[int] = set()
        for word in self.starts:
            at = lower.find(word)
            while at != -1:
                candidates.add(at)
                at = lower.find(word, at + 1)
        if not candidates:
            return html, []
        skipped = _skipped_spans(lower)
        used: list[str] = []
        edits: list[tuple[int, int, str]] = []
        consumed = 0
        for at in sorted(candidates):
            if at < consumed or html.rfind("<", 0, at) > html.rfind(">", 0, at) or _inside(at, skipped):
                continue
            match = self.pattern.match(html, at)
            if match is None:
                continue
            consumed = match.end()
            term_id = self.group_to_id[match.lastgroup or ""]
            if term_id not in used:
                used.append(term_id)
                edits.append((at, match.end(), term_id))
                if len(used) == len(self.terms):
                    break
        if not used:
            return html, []
        out, pos = [], 0
        for start, end, term_id in edits:
            out.append(html[pos:start])
            # the matched words (letters, hyphens and spaces of the sanitized page) as the link's text
            out.append(render("term_link.html", id=term_id, text=htmllib.unescape(html[start:end]), base=base))
            pos = end
        out.append(html[pos:])
        terms = [(i, self.terms[i].term[self.lang], self.terms[i].definition[self.lang], self.terms[i].editors)
                 for i in used]
        return "".join(out) + "\n" + render("term_definitions.html", terms=terms, lang=self.lang), used


_SKIP_TAG = re.compile(r"<(/?)(?:" + "|".join(sorted(SKIP, key=lambda n: (-len(n), n))) + r")\b[^>]*?(/?)>")


def _skipped_spans(lower_html: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside :data:`SKIP` elements, nested ones counted (``lower_html``: in lower case)."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for tag in _SKIP_TAG.finditer(lower_html):
        closing, empty = tag.groups()
        if empty:
            continue
        if closing:
            depth = max(0, depth - 1)
            if depth == 0:
                spans.append((start, tag.start()))
        else:
            if depth == 0:
                start = tag.end()
            depth += 1
    if depth:
        spans.append((start, len(lower_html)))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(spans, (pos, sys.maxsize)) - 1
    return index >= 0 and spans[index][0] <= pos < spans[index][1]


def glossary_page(terms: list[Term], lang: str, langs: tuple[str, ...] = LANGS) -> str:
    """The glossary of ``lang`` (at ``glossary/``), sorted in that language's alphabet; each term also
    in the other languages of ``langs`` that it has."""
    entries = [(term.id, term.term[lang], [(other, term.term[other]) for other in langs if other != lang and other in term.term],
                term.definition[lang], term.source, term.editors)
               for term in sorted(terms, key=lambda term: term.term[lang].casefold().translate(FI_ORDER))]
    return render("glossary.md", terms=entries, lang=lang)
