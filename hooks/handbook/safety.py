"""Nothing an editor writes runs in a reader's browser.

Three rules, each in one place:

- :func:`escape`: every string from editor-controlled input (``card.yml``, ``docs/data/*.yml``,
  front matter, BibTeX fields) goes through it where it enters HTML.
- :func:`clean`: the rendered content of every page passes an allow-list sanitizer (nh3, the
  Python binding of Ammonia): only the elements and attributes the handbook's Markdown and
  generated pages need survive, and URLs only with the allowed schemes. :func:`sanitized` is
  the one way HTML made outside a template enters one: cleaned, then marked safe.
- :func:`url_problem`: a URL is relative, ``https``, ``http`` (a warning) or ``mailto`` to an
  organisational address; anything else (``javascript:``, ``data:``, ``vbscript:``, ``file:``,
  in any case, encoding or with spaces) is refused.

The checks (:mod:`handbook.checks.html`) turn what these rules would remove or refuse into
findings at ``file:line``; :func:`active_content` finds anything active in built HTML.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html as htmllib
import re
from collections.abc import Iterable, Set
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote as percent_encode, unquote

import nh3
from markupsafe import Markup

# --- one escape ------------------------------------------------------------------------------


def escape(value: object, quote: bool = True) -> str:
    """``value`` as HTML text or a quoted attribute value: ``& < >`` (and with ``quote`` ``" '``) become entities."""
    return htmllib.escape(str(value), quote=quote)


# --- URL schemes -----------------------------------------------------------------------------

#: schemes a link or image may use; relative URLs (no scheme) are allowed too
SCHEMES = frozenset({"https", "http", "mailto"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
#: what a browser drops from a URL before reading its scheme: C0 controls and spaces at the
#: ends, tabs and line breaks anywhere
_STRIP_ENDS = "".join(chr(c) for c in range(0x21))
_INSIDE = re.compile(r"[\t\n\r]")
#: a personal address: first.last@ (an organisation's shared address names a role or service)
_PERSONAL_MAILBOX = re.compile(r"^[a-zåäö]+(?:-[a-zåäö]+)?\.[a-zåäö]+(?:-[a-zåäö]+)?$", re.I)


def scheme_of(url: str) -> str:
    """The scheme a browser would see in ``url`` (lower case; ``""`` for a relative URL).

    Entities and percent-escapes are decoded (repeatedly), case is ignored, and the characters
    a browser skips (spaces and controls around it, tabs and line breaks inside) are removed, so
    ``JaVa&#x73;cript:``, ``java%73cript:`` and ``" java\\tscript:"`` are all ``javascript``.
    """
    text = url
    for _ in range(3):
        decoded = unquote(htmllib.unescape(text))
        if decoded == text:
            break
        text = decoded
    text = _INSIDE.sub("", text.strip(_STRIP_ENDS)).replace("\x00", "")
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else ""


def url_problem(url: str) -> tuple[str, str] | None:
    """None if ``url`` may be used; else (severity, scheme): ``("warning", "http")`` for plain http,
    ``("error", scheme)`` for a scheme outside the allow-list or a personal ``mailto:`` address."""
    scheme = scheme_of(url)
    if not scheme or scheme == "https":
        return None
    if scheme == "http":
        return ("warning", "http")
    if scheme == "mailto":
        mailbox = unquote(htmllib.unescape(url)).split(":", 1)[1].split("@", 1)[0].strip()
        return ("error", "mailto-personal") if _PERSONAL_MAILBOX.match(mailbox) else None
    return ("error", scheme)


# --- the allow-list --------------------------------------------------------------------------

#: what an editor may write as raw HTML in Markdown (element → its own attributes)
EDITOR_ELEMENTS: dict[str, set[str]] = {
    "a": {"href", "hreflang", "download"}, "abbr": set(), "b": set(), "blockquote": {"cite"}, "br": set(),
    "caption": set(), "cite": set(), "code": set(), "col": {"span"}, "colgroup": {"span"}, "dd": set(),
    "del": set(), "details": {"open"}, "dfn": set(), "div": set(), "dl": set(), "dt": set(), "em": set(),
    "figcaption": set(), "figure": set(), "h1": set(), "h2": set(), "h3": set(), "h4": set(), "h5": set(),
    "h6": set(), "hr": set(), "i": set(), "img": {"src", "alt", "width", "height", "loading"}, "ins": set(),
    "kbd": set(), "li": {"value"}, "mark": set(), "ol": {"start", "reversed", "type"}, "p": set(),
    "pre": set(), "q": {"cite"}, "s": set(), "samp": set(), "small": set(), "span": set(), "strong": set(),
    "sub": set(), "summary": set(), "sup": set(), "table": set(), "tbody": set(),
    "td": {"colspan", "rowspan", "headers"}, "tfoot": set(), "th": {"colspan", "rowspan", "headers", "scope"},
    "thead": set(), "time": {"datetime"}, "tr": set(), "u": set(), "ul": set(), "var": set(), "wbr": set(),
}
#: attributes an editor may put on any of those elements
EDITOR_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "markdown"}  # markdown: md_in_html, not output
#: what the handbook's own Markdown-rendered HTML adds: the glossary and citation pop-ups and
#: generated pages (``aria-*``, ``data-*``, ``role``, ``hidden``, ``tabindex``). (The fact box and the
#: card index's table and filter form are added after the sanitizer, from autoescaping templates.)
_GENERATED: dict[str, set[str]] = {"aside": set(), "section": set(), "article": set()}
PAGE_ELEMENTS: dict[str, set[str]] = {**EDITOR_ELEMENTS, **_GENERATED}
PAGE_ATTRIBUTES = EDITOR_ATTRIBUTES | {"role", "hidden", "tabindex"}
#: Python-Markdown writes a table column's alignment as ``style="text-align: …"``
_ALIGNED = {"th", "td"}

_cleaner = nh3.Cleaner(
    tags=set(PAGE_ELEMENTS),
    clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed",
                        "math", "svg", "textarea", "xmp", "noembed", "noframes"},
    attributes={"*": PAGE_ATTRIBUTES, **{tag: attrs | ({"style"} if tag in _ALIGNED else set())
                                          for tag, attrs in PAGE_ELEMENTS.items()}},
    generic_attribute_prefixes={"data-", "aria-"},
    url_schemes=set(SCHEMES),
    filter_style_properties={"text-align"},
    link_rel=None,
    strip_comments=True,
)


_URL_VALUE = re.compile(r'\s(?:href|src|cite)="([^"]*%[^"]*)"')
#: ids in the theme's namespace (``__config`` is read by id after the content: DOM clobbering)
_THEME_ID = re.compile(r'\sid="__[^"]*"')


def clean(html: str) -> str:
    """``html`` with everything outside the allow-list removed (elements, attributes, URL schemes).

    A URL that is relative to the browser but a refused scheme once decoded (``java%73cript:``)
    is removed too.
    """
    out = _cleaner.clean(html)
    if "%" in out:
        out = _URL_VALUE.sub(lambda m: "" if _refused(m.group(1)) else m.group(0), out)
    if ' id="__' in out:
        out = _THEME_ID.sub("", out)
    return out


def sanitized(html: str) -> Markup:
    """HTML made outside a template (a formatted reference) through :func:`clean`, marked safe: the
    templates escape every other value (:mod:`handbook.render.templates`)."""
    return Markup(clean(html))


def _refused(url: str) -> bool:
    problem = url_problem(url)
    return problem is not None and problem[0] == "error"


# --- what raw HTML in Markdown holds ---------------------------------------------------------

#: attributes whose value is a URL
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "data", "poster", "background", "srcset",
                  "xlink:href", "codebase", "longdesc", "usemap", "manifest", "ping", "dynsrc", "lowsrc"}


class _Tags(HTMLParser):
    """Start tags of an HTML snippet: (line, element, attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((self.getpos()[0], tag, [(k, v or "") for k, v in attrs]))

    handle_startendtag = handle_starttag

    def handle_decl(self, decl: str) -> None:
        self.found.append((self.getpos()[0], "!" + decl.split()[0].lower() if decl.split() else "!", []))

    def handle_pi(self, data: str) -> None:
        self.found.append((self.getpos()[0], "?", []))


#: what an element's id may hold: letters, digits, ``_``, ``-``, ``.`` and ``:``. The theme writes a heading's
#: id into its table of contents as it is (``href="#…"``): a quote or ``>`` would end the attribute there
SAFE_ID = re.compile(r"[\w.:-]+")


def id_problem(value: str) -> bool:
    """Whether ``value`` cannot be an element's id: outside :data:`SAFE_ID`, or in the theme's ``__``
    namespace (``__config`` is read by id after the content: DOM clobbering)."""
    return value.startswith("__") or not SAFE_ID.fullmatch(value)


def safe_toc(items: Iterable[Any]) -> None:
    """Each table-of-contents item (the engine's ``AnchorLink``, with ``id`` and ``children``) gets an id
    that :data:`SAFE_ID` allows: the theme writes ``href="#{{ id }}"`` unescaped. The checks refuse such
    an id at its line; this keeps a page built anyway inert (the id percent-encoded)."""
    for item in items:
        if not SAFE_ID.fullmatch(item.id):
            item.id = percent_encode(item.id, safe="")
        safe_toc(item.children)


def html_problems(snippet: str) -> list[tuple[int, str, str]]:
    """What the allow-list refuses in a raw HTML snippet an editor wrote: (line in the snippet, kind,
    what), kind being ``element``, ``attribute``, ``id`` (:func:`id_problem`) or ``url``; :func:`url_problem`
    judges URLs."""
    parser = _Tags()
    parser.feed(snippet)
    parser.close()
    out: list[tuple[int, str, str]] = []
    for line, tag, attrs in parser.found:
        if tag not in EDITOR_ELEMENTS:
            if ":" in tag or "@" in tag or "/" in tag:  # an autolink, not an element
                continue
            out.append((line, "element", f"<{tag}>"))
            continue
        allowed = EDITOR_ELEMENTS[tag] | EDITOR_ATTRIBUTES
        for name, value in attrs:
            if name not in allowed:
                out.append((line, "attribute", f"{name}= (<{tag}>)"))
            elif name == "id" and id_problem(value):
                out.append((line, "id", value))
            elif name in URL_ATTRIBUTES:
                problem = url_problem(value)
                if problem and problem[0] == "error":
                    out.append((line, "url", value))
    return out


# --- anything active in built HTML -----------------------------------------------------------

_ACTIVE_ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
                    "meta", "link", "style", "svg", "math", "template", "portal"}


class _Active(HTMLParser):
    def __init__(self, allowed_scripts: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed_scripts = allowed_scripts
        self.found: list[str] = []
        self._script: list[str] | None = None
        self._script_attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and (problem := url_problem(value)) and problem[0] == "error":
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and re.search(r"expression\(|url\(|javascript:|@import|behavior", value, re.I):
                self.found.append(f"<{tag} style={value!r}>")
        if tag == "script":
            self._script, self._script_attrs = [], values
        elif (tag == "meta" and values.get("http-equiv", "").lower() == "refresh") \
                or (tag == "form" and ("action" in values or "method" in values)) \
                or tag in ("base", "object", "embed", "applet", "iframe", "frame", "frameset", "portal") \
                or (tag in ("button", "input") and "formaction" in values):
            self.found.append(f"<{tag} {values}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            text, src = "".join(self._script), self._script_attrs.get("src", "")
            kind = self._script_attrs.get("type", "").lower()
            ours = (src and src in self.allowed_scripts) or (not src and text.strip() in self.allowed_scripts) \
                or kind in ("application/ld+json", "application/json")
            if not ours:
                self.found.append(f"<script src={src!r}>{text[:60]}")
            self._script = None


def active_content(html: str, allowed_scripts: Set[str] = frozenset()) -> list[str]:
    """Everything in a built page that could run or send the reader elsewhere: scripts other than
    ``allowed_scripts`` (their ``src`` or inline text), ``on…`` handlers, URLs with a refused scheme,
    ``object``/``embed``/``iframe``/``base``, forms with an action, a meta refresh."""
    parser = _Active(set(allowed_scripts))
    parser.feed(html)
    parser.close()
    return parser.found


def removed_elements(before: str, after: str) -> list[str]:
    """The elements :func:`clean` removed from ``before`` (``after`` is its result), e.g. ``["<object>"]``.

    Cheap when nothing was removed (the usual case): the tags are only listed when ``after`` has
    fewer of them than ``before``.
    """
    if after.count("<") >= before.count("<") - before.count("<!--"):
        return []
    parser = _Tags()
    parser.feed(before)
    parser.close()
    return sorted({f"<{tag}>" for _, tag, _ in parser.found if tag not in PAGE_ELEMENTS})


def line_of(text: str, element: str) -> int:
    """The line of ``text`` where ``element`` (``<object>``) first appears; 1 if it does not."""
    at = text.lower().find(element[:-1].lower())
    return text.count("\n", 0, at) + 1 if at != -1 else 1


# --- Content-Security-Policy -----------------------------------------------------------------

#: the policy of every page; ``{scripts}`` are the hashes of the theme's inline scripts.
#: No 'wasm-unsafe-eval': Pagefind compiles its WebAssembly in its worker (pagefind-worker.js), which a
#: page's <meta> policy does not reach (an HTTP header policy does: SECURITY.md). Inline styles:
#: Python-Markdown writes a table column's alignment as a style attribute (the sanitizer lets only
#: text-align through). form-action 'none': the search and filter forms are handled by scripts.
POLICY = ("default-src 'self'; script-src 'self' {scripts}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'none'")
_CHARSET = '<meta charset="utf-8">'
_DATA_TYPES = ("application/json", "application/ld+json")


@functools.lru_cache(maxsize=256)
def script_hash(text: str) -> str:
    """The CSP source of an inline script: ``'sha256-…'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    """The text of each inline ``<script>`` in ``html`` (not data blocks such as JSON)."""
    out, at = [], html.find("<script")
    while at != -1:
        end_tag = html.find(">", at)
        close = html.find("</script>", end_tag)
        if end_tag == -1 or close == -1:
            break
        tag = html[at:end_tag + 1]
        if "src=" not in tag and not any(kind in tag for kind in _DATA_TYPES):
            out.append(html[end_tag + 1:close])
        at = html.find("<script", close)
    return out


#: the theme's own inline scripts (Material 9's base template: the storage scope, the colour palette and
#: the tabbed-content anchor), each as the SHA-256 of its text with the page's way to the site root
#: written ``{base}``. These are the only inline scripts a page may run; a new release of the theme
#: that changes one is told by the build (``html-script-unknown``) and by the tests.
THEME_SCRIPTS = frozenset({
    "WR5S3L1iPkWW3Tji/5e+ZsYevCQNIKGw2Xm1z7eS/6s=",  # __md_scope=new URL("{base}",location),__md_hash=…
    "DrEMJJ29sL7vIloQzly+VUGMxKcBTMII+OfW7Y8AkG4=",  # var palette=__md_get("__palette");…
    "/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8=",  # var target=document.getElementById(location.hash.slice(1));…
})
#: the page's way to the site root in the scope script (``new URL("../..",location)``; the 404 page of a
#: site with a public address has its absolute path, ``"/kasikirja/"``): path characters only, so the
#: string cannot be left
_BASE = re.compile(r'new URL\("[A-Za-z0-9._~%/-]*",location\)')


def theme_script(text: str) -> bool:
    """Whether an inline script's text is one of :data:`THEME_SCRIPTS`."""
    normal = _BASE.sub('new URL("{base}",location)', text)
    return base64.b64encode(hashlib.sha256(normal.encode("utf-8")).digest()).decode("ascii") in THEME_SCRIPTS


def unknown_scripts(html: str) -> list[str]:
    """The inline scripts of a built page that are not the theme's own (:data:`THEME_SCRIPTS`)."""
    return [text for text in inline_scripts(html) if not theme_script(text)]


def policy(html: str) -> str:
    """The policy for a built page: the theme's own inline scripts (:data:`THEME_SCRIPTS`) are allowed
    by their hashes; no other inline script runs, wherever in the page it is."""
    return _policy(inline_scripts(html))[0]


def _policy(scripts: list[str]) -> tuple[str, list[str]]:
    """The policy for a page with these inline scripts, and those of them that are not the theme's."""
    known = {script_hash(text) for text in scripts if theme_script(text)}
    return POLICY.format(scripts=" ".join(sorted(known))), [text for text in scripts if not theme_script(text)]


def with_csp(html: str) -> tuple[str, list[str]]:
    """``html`` with its Content-Security-Policy as the first ``<meta>`` after the charset, and the page's
    inline scripts that the policy does not allow (:func:`unknown_scripts`): the page is read once."""
    content, unknown = _policy(inline_scripts(html))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    at = html.find(_CHARSET)
    if at == -1:
        return html.replace("<head>", "<head>" + meta, 1), unknown
    return html[:at + len(_CHARSET)] + meta + html[at + len(_CHARSET):], unknown
