"""The one Jinja2 environment of the package: every page part's HTML and every generated page's
Markdown comes from a template in ``render/templates/``.

Every template is autoescaped: a value written with ``{{ … }}`` is escaped unless it is
:class:`markupsafe.Markup`, and only three things are: HTML that nh3 has sanitized
(:func:`handbook.safety.sanitized`), text these functions have escaped (the catalogs' texts, ``|md``,
``|code``) and the templates' own output.
Undefined names are errors (``StrictUndefined``). Blocks on their own line leave no line behind
(``trim_blocks``, ``lstrip_blocks``), and a file's last line break is not output, so a template's
lines are the output's lines.

In a template: ``t(key, lang, **params)`` is the catalog (:func:`_t`); ``|date(lang)`` writes
a date (:func:`handbook.i18n.format_date`, optionally in another form: ``|date(lang, "long")``),
``|year_month(lang)`` a ``YYYY`` or ``YYYY-MM`` value, ``|md`` text placed inside Markdown
(:func:`md_text`), ``|code`` text as a Markdown code span and ``|text`` the handbook's own words from
elsewhere than the catalogs (:func:`catalog_text`).
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from handbook.i18n import format_date, format_year_month, root, t
from handbook.safety import escape

#: the folder of the templates
FOLDER = Path(__file__).resolve().parent / "templates"

#: what Python-Markdown (with the site's extensions) reads in running text besides HTML: emphasis,
#: code, links, escapes, attribute lists ({: …}) and table cells (|)
_MD_SPECIAL = str.maketrans({"_": "&#95;", "*": "&#42;", "`": "&#96;", "[": "&#91;", "]": "&#93;", "\\": "&#92;",
                             "{": "&#123;", "}": "&#125;", "|": "&#124;"})


_LINE_BREAK = re.compile(r"\s*[\r\n]\s*")


def md_text(text: object) -> str:
    """Text for Markdown, or for inline HTML inside Markdown, that Python-Markdown shows as it is:
    HTML escaped, and no emphasis, code, link, attribute list or table cell; a line break becomes a
    space (it could start a heading or a list)."""
    return _LINE_BREAK.sub(" ", escape(text)).translate(_MD_SPECIAL)


def _md(value: object) -> Markup:
    return value if isinstance(value, Markup) else Markup(md_text(value))


def _code(value: object) -> Markup:
    """``value`` as a Markdown code span, shown exactly as it is: Markdown escapes a code span's HTML
    itself, so the text goes in unescaped, between more backticks than it holds in a row; a line break
    becomes a space (it would end a table's row). (Markdown only.)"""
    text = _LINE_BREAK.sub(" ", str(value))
    fence = "`" * (1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def catalog_text(text: str) -> Markup:
    """A text of the catalogs, the handbook's own words, escaped like any text (``&``, ``<``, ``>`` and the
    ``"`` that would end an attribute), except that an apostrophe stays one: every template quotes its
    attributes with ``"``, and the pages wrote the catalogs' apostrophes as they are."""
    return Markup(escape(text, quote=False).replace('"', "&quot;"))


def _t(key: str, lang: str, **params: object) -> Markup:
    """The catalog's text ``key`` (:func:`handbook.i18n.t`) for a template (:func:`catalog_text`)."""
    return catalog_text(t(key, lang, **params)) if params else _label(key, lang)


@functools.lru_cache(maxsize=None)
def _label(key: str, lang: str) -> Markup:
    """A catalog's text without parameters, looked up and escaped once (the templates ask for the same
    labels on every page)."""
    return catalog_text(t(key, lang))


def up_to_site(lang: str) -> str:
    """The relative path from ``lang``'s root to the site root: ``""`` for the default language, else ``"../"``."""
    return "../" * root(lang).count("/")


def _bytecode_cache() -> jinja2.FileSystemBytecodeCache:
    """Compiled templates kept between builds, in the system's temporary folder: compiling them all takes
    a fifth of a second, loading them a hundredth. A template is compiled again when its source changes
    (Jinja2 checks its checksum) or this module does (the environment's settings shape the code)."""
    settings = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return jinja2.FileSystemBytecodeCache(pattern=f"__handbook_{settings}_%s.cache")


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The package's Jinja2 environment (made once; templates are compiled once, on first use)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FOLDER),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=-1,
        bytecode_cache=_bytecode_cache(),
    )
    env.globals.clear()  # Jinja2's own (range, dict, lipsum, …) are not used; each render copies the globals
    env.globals["t"] = _t
    env.filters["date"] = format_date
    env.filters["year_month"] = format_year_month
    env.filters["md"] = _md
    env.filters["text"] = catalog_text
    env.filters["code"] = _code
    return env


@functools.lru_cache(maxsize=None)
def template(name: str) -> jinja2.Template:
    """The template ``name`` (a file in :data:`FOLDER`), compiled once."""
    return environment().get_template(name)


def render(template_name: str, **context: object) -> str:
    """The output of the template ``template_name`` for ``context``, its character references spelled as
    :func:`handbook.safety.escape` and nh3 spell them everywhere else on the site (``&#x27;``, ``&quot;``:
    markupsafe writes ``&#39;``, ``&#34;``)."""
    out = template(template_name).render(**context)
    return out.replace("&#39;", "&#x27;").replace("&#34;", "&quot;") if "&#3" in out else out
