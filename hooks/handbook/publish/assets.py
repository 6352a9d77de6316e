"""The theme's style sheets and script, trimmed to what the site uses, after the pages are written.

Material ships one style sheet for every feature it has (``main.*.min.css``, about 138 KB, and
``palette.*.min.css`` with every colour) and one script (``bundle.*.min.js``, about 114 KB). This step:

- keeps of the two style sheets only the rules whose selectors can match the built site
  (:func:`purge`): a selector is kept unless it names a class, id or attribute that no page has and
  no script of the site adds (:func:`site_names`; :data:`THEME_DYNAMIC` lists what Material's script
  adds for the features the handbook uses). The result is one file, ``theme.<hash>.css``, that every
  page links instead of the two;
- has the theme's script loaded by ``theme-loader.js`` (``overrides/assets/javascripts/``: the
  theme's, as the script it loads), placed right after the header, instead of directly: a wide
  screen loads it at once, a phone at the reader's first touch, key or scroll, so
  it is not part of a page's first view (the loader does at once the little the first view needs of it).

The handbook's own style sheets and scripts are not changed. Nothing here reads the engine's objects:
the input is the built site.
"""

from __future__ import annotations

import hashlib
import html.parser
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: the theme's style sheets, in the order the pages link them; merged into one
THEME_CSS = re.compile(r'<link rel="stylesheet" href="(?P<base>[^"]*?)assets/stylesheets/'
                       r'(?P<name>(?:main|palette)\.[0-9a-f]+\.min\.css)">\s*')
#: the theme's script, as its template writes it
THEME_JS = re.compile(r'<script src="(?P<base>[^"]*?)assets/javascripts/(?P<name>bundle\.[0-9a-f]+\.min\.js)"></script>')
#: where the loader goes: right after the header, so that the header is in its final state (the search
#: button and the dark-mode switch shown) when the browser first paints it, and nothing moves then
HEADER_END = "</header>"
#: the merged, trimmed style sheet (``theme.<hash>.css``)
THEME_OUT = re.compile(r"^theme\.[0-9a-f]{8}\.css$")
#: the loader of the theme's script (a file of the site's own, so the pages' CSP allows it)
LOADER = "assets/javascripts/theme-loader.js"

#: classes that Material's script adds to the page for the features the handbook uses (mkdocs.yml's
#: ``features``): tooltips (``content.tooltips``), the table of contents and navigation that follow the
#: reader (``toc.follow``, ``navigation.tracking``), the header's title and shadow on scrolling, the
#: scroll box around wide tables, the navigation's half-open sections. Not its search (the handbook's
#: own search writes its results itself), code copy, annotations, versions, tags or repository facts,
#: which the site does not use.
THEME_DYNAMIC = frozenset({
    "js", "no-js", "focus-visible",
    "md-tooltip", "md-tooltip--active", "md-tooltip--inline", "md-tooltip__inner",
    "md-tooltip2", "md-tooltip2--active", "md-tooltip2--top", "md-tooltip2--bottom", "md-tooltip2__inner",
    "md-nav__link--active", "md-nav__link--passed", "md-toggle--indeterminate",
    "md-header--shadow", "md-header__title--active", "md-header__topic",
    "md-typeset__scrollwrap", "md-typeset__table", "md-dialog--active",
})
#: attributes whose values Material's script and the handbook's scripts set while the page is open: a
#: selector on any value of these is kept
DYNAMIC_ATTRIBUTES = frozenset({
    "data-md-state", "data-md-color-switching", "data-md-scrolllock", "data-md-scrollfix",
    "data-md-visible", "hidden", "open", "aria-expanded", "aria-hidden", "aria-selected", "aria-sort",
    "aria-current", "tabindex", "style", "checked", "disabled",
})
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
#: pseudo-classes whose argument is a selector (its names need not all be on the page)
_FUNCTIONAL = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(")
_ATTRIBUTE = re.compile(r"\[\s*([\w-]+)\s*(?:([~|^$*]?=)\s*(\"[^\"]*\"|'[^']*'|[^\]\s]*)\s*(?:[is]\s*)?)?\]")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ID = re.compile(r"#(-?[_a-zA-Z][\w-]*)")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
#: the at-rules that hold rules of their own (the others are kept as they are)
_GROUPS = ("@media", "@supports", "@container", "@layer", "@document")


@dataclass
class Names:
    """What the built site's pages and scripts can match: classes, ids and attributes."""

    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    #: attribute names
    attributes: set[str] = field(default_factory=set)
    #: (attribute, value) pairs on the pages
    values: set[tuple[str, str]] = field(default_factory=set)


class _Collector(html.parser.HTMLParser):
    """Reads the classes, ids and attributes of one page into :class:`Names`."""

    def __init__(self, names: Names) -> None:
        super().__init__(convert_charrefs=True)
        self.names = names

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.names.attributes.add(name)
            if value is None:
                continue
            self.names.values.add((name, value))
            if name == "class":
                self.names.classes.update(value.split())
            elif name == "id":
                self.names.ids.add(value)

    handle_startendtag = handle_starttag


def site_names(pages: Iterable[str], scripts: Iterable[str]) -> Names:
    """The names the built ``pages`` (HTML) use, and every word of the site's own ``scripts`` (which
    may add any of them as a class, id or attribute), with :data:`THEME_DYNAMIC` and :data:`DYNAMIC_ATTRIBUTES`."""
    names = Names(classes=set(THEME_DYNAMIC), attributes=set(DYNAMIC_ATTRIBUTES))
    collector = _Collector(names)
    for page in pages:
        collector.feed(page)
        collector.close()
        collector.reset()
    for script in scripts:
        words = set(_WORD.findall(script))
        names.classes |= words
        names.ids |= words
        names.attributes |= words
    return names


def _without_functional(selector: str) -> str:
    """``selector`` without the arguments of ``:not()``, ``:is()``, ``:where()``, ``:has()``: a
    selector there may name what the page lacks and still match (or, in ``:not()``, match because of it)."""
    out, at = [], 0
    for found in _FUNCTIONAL.finditer(selector):
        if found.start() < at:
            continue
        out.append(selector[at:found.end() - 1])
        depth, i = 0, found.end() - 1
        while i < len(selector):
            if selector[i] == "(":
                depth += 1
            elif selector[i] == ")":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        at = i + 1
    out.append(selector[at:])
    return "".join(out)


def may_match(selector: str, names: Names) -> bool:
    """Whether ``selector`` can match an element of the site: every class, id and attribute it asks
    for (outside ``:not()``/``:is()``/…) is one the site has (:class:`Names`)."""
    bare = _without_functional(selector)
    for name, op, value in _ATTRIBUTE.findall(bare):
        if name not in names.attributes:
            return False
        if op == "=" and name not in DYNAMIC_ATTRIBUTES:
            value = value[1:-1] if value[:1] in "\"'" else value
            if (name, value) not in names.values:
                return False
    bare = _ATTRIBUTE.sub("", bare)
    bare = re.sub(r"\\.", "", bare)  # an escaped character is part of a name; such names are kept
    return (all(c in names.classes for c in _CLASS.findall(bare))
            and all(i in names.ids for i in _ID.findall(bare)))


def _split(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside brackets, parentheses and strings."""
    parts, depth, quote, start = [], 0, "", 0
    for i, c in enumerate(text):
        if quote:
            if c == quote and text[i - 1] != "\\":
                quote = ""
        elif c in "\"'":
            quote = c
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _blocks(css: str) -> Iterator[tuple[str, str | None]]:
    """The top-level statements of ``css``: (prelude, body) for a rule or block at-rule, (statement,
    None) for ``@charset …;`` and the like. Comments are dropped."""
    i, n, start = 0, len(css), 0
    while i < n:
        c = css[i]
        if c in "\"'":
            end = i + 1
            while end < n and (css[end] != c or css[end - 1] == "\\"):
                end += 1
            i = end + 1
            continue
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = n if end == -1 else end + 2
            css = css[:i] + css[end:]
            n = len(css)
            continue
        if c == ";" and css[start:i].strip().startswith("@"):
            yield css[start:i + 1].strip(), None
            start = i = i + 1
            continue
        if c == "{":
            depth, j, quote = 1, i + 1, ""
            while j < n and depth:
                d = css[j]
                if quote:
                    if d == quote and css[j - 1] != "\\":
                        quote = ""
                elif d in "\"'":
                    quote = d
                elif d == "{":
                    depth += 1
                elif d == "}":
                    depth -= 1
                j += 1
            yield css[start:i].strip(), css[i + 1:j - 1]
            start = i = j
            continue
        if c == "}":  # a stray closing brace: skip it
            start = i = i + 1
            continue
        i += 1


def purge(css: str, names: Names) -> str:
    """``css`` with only the rules whose selectors :func:`may_match` the site (and within a rule, only
    those selectors); at-rules that hold rules are trimmed the same way, and dropped when empty."""
    out = []
    for prelude, body in _blocks(css):
        if body is None:
            out.append(prelude)
        elif prelude.startswith("@"):
            if prelude.lower().startswith(_GROUPS):
                inner = purge(body, names)
                if inner:
                    out.append(prelude + "{" + inner + "}")
            else:  # @font-face, @keyframes, @page, @property …: kept whole
                out.append(prelude + "{" + body + "}")
        else:
            kept = [s for s in _split(prelude, ",") if may_match(s.strip(), names)]
            if kept:
                out.append(",".join(s.strip() for s in kept) + "{" + body + "}")
    return "".join(out)


def unused_properties(css: str, elsewhere: Iterable[str]) -> str:
    """``css`` without the declarations of custom properties (``--name: …``) that nothing uses: not
    ``css`` itself (outside the declaration), nor any of ``elsewhere`` (the site's other style
    sheets, pages and scripts, which may use or set them). Repeated until nothing more goes, since a
    property may be used only by one that goes."""
    outside = set()
    for text in elsewhere:
        outside |= set(_VAR_USE.findall(text)) | set(re.findall(r"--[\w-]+", text))
    while True:
        used = outside | set(_VAR_USE.findall(css))
        trimmed = _drop_properties(css, used)
        if trimmed == css:
            return css
        css = trimmed


def _drop_properties(css: str, used: set[str]) -> str:
    out = []
    for prelude, body in _blocks(css):
        if body is None:
            out.append(prelude)
        elif prelude.lower().startswith(_GROUPS):
            inner = _drop_properties(body, used)
            if inner:
                out.append(prelude + "{" + inner + "}")
        elif prelude.startswith("@"):
            out.append(prelude + "{" + body + "}")
        else:
            kept = [d for d in _split(body, ";")
                    if not (d.strip().startswith("--") and d.split(":", 1)[0].strip() not in used)]
            text = ";".join(d for d in kept if d.strip())
            if text:
                out.append(prelude + "{" + text + "}")
    return "".join(out)


def _own_scripts(site_dir: Path) -> list[str]:
    """The text of the site's own scripts (``assets/javascripts/*.js``, not the theme's bundle)."""
    return [p.read_text(encoding="utf-8") for p in sorted((site_dir / "assets" / "javascripts").glob("*.js"))
            if not p.name.startswith("bundle.")]


def slim(site_dir: Path) -> dict[str, int]:
    """Trim the theme's style sheets and defer its script in the built site at ``site_dir`` (see the
    module's docstring). Returns the sizes in bytes: ``before`` and ``after`` of the style sheets."""
    pages = sorted(site_dir.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    order: list[str] = []
    for text in texts.values():
        for found in THEME_CSS.finditer(text):
            if found["name"] not in order:
                order.append(found["name"])
    styles = site_dir / "assets" / "stylesheets"
    if not order:  # nothing links the theme's style sheets (already done, or another theme)
        return {"before": 0, "after": 0}
    original = "".join(re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", (styles / name).read_text(encoding="utf-8"))
                       for name in order)
    names = site_names(texts.values(), _own_scripts(site_dir))
    own_css = [p.read_text(encoding="utf-8") for p in sorted(styles.glob("*.css"))
               if p.name not in order and not THEME_OUT.match(p.name)]
    trimmed = unused_properties(purge(original, names), [*own_css, *texts.values(), *_own_scripts(site_dir)])
    if not trimmed.startswith("@charset"):
        trimmed = '@charset "UTF-8";' + trimmed
    digest = hashlib.sha256(trimmed.encode("utf-8")).hexdigest()[:8]
    out_name = f"theme.{digest}.css"
    for old in styles.glob("theme.*.css"):
        if THEME_OUT.match(old.name) and old.name != out_name:
            old.unlink()
    (styles / out_name).write_text(trimmed, encoding="utf-8")
    for page, text in texts.items():
        new = relink(text, out_name)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return {"before": len(original.encode("utf-8")), "after": len(trimmed.encode("utf-8"))}


def relink(page: str, css_name: str) -> str:
    """One page's HTML with the theme's style sheets as one link to ``css_name`` (at the place of the
    first) and its script loaded by :data:`LOADER`, right after the page's header (:data:`HEADER_END`)."""
    first = True

    def link(found: re.Match[str]) -> str:
        nonlocal first
        if not first:
            return ""
        first = False
        return f'<link rel="stylesheet" href="{found["base"]}assets/stylesheets/{css_name}">\n'

    page = THEME_CSS.sub(link, page)
    found = THEME_JS.search(page)
    if found is None:
        return page
    loader = (f'<script src="{found["base"]}{LOADER}" '
              f'data-bundle="{found["base"]}assets/javascripts/{found["name"]}"></script>')
    page = page[:found.start()] + page[found.end():]
    at = page.find(HEADER_END)
    if at == -1:  # no header: where the theme's script was
        return page[:found.start()] + loader + page[found.start():]
    at += len(HEADER_END)
    return page[:at] + loader + page[at:]
