"""The handbook's words in each language: one catalog per language, dates from Babel.

Every label a reader sees and every message an editor reads lives in
``handbook/locales/<lang>.yml``, one file per language, as Material keeps its own texts
(``partials/languages/<lang>.html``). A catalog has sections: ``ui`` (labels on the pages)
and ``messages`` (what the checks and tools tell editors; a finding's code is its key). A text
may hold ``{name}`` fields, and a text that depends on a number has the forms ``one`` and
``other`` (chosen by the language's plural rule, from Babel's CLDR data). A key missing from a
catalog falls back to English, then to the key itself.

Dates are written by Babel in the patterns each catalog gives under ``dates``.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date as babel_date

#: the folder of the catalogs
LOCALES = Path(__file__).resolve().parent / "locales"
#: the languages of the handbook's own configuration (a project's ``mkdocs.yml`` may add more:
#: :func:`handbook.content.project.languages`)
LANGS = ("fi", "en")
#: the handbook's original language: its pages are at the site root, the others under ``<lang>/``
DEFAULT_LANG = "fi"
#: the language whose catalog fills the gaps of the others
FALLBACK = "en"


@functools.lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, dict[str, Any]]:
    """The catalog of ``lang`` (section → key → text), read once; an unknown language has an empty one."""
    path = LOCALES / f"{lang}.yml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {section: dict(entries or {}) for section, entries in data.items()}


def root(lang: str) -> str:
    """The site-relative URL of ``lang``'s home page: ``""`` for the default language, ``"en/"`` for English."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def lookup(section: str, key: str, lang: str) -> Any:
    """The entry ``key`` of ``section`` in ``lang``'s catalog, else in English's; None if neither has it."""
    for code in (lang, FALLBACK):
        value = catalog(code).get(section, {}).get(key)
        if value is not None:
            return value
    return None


def plural(value: Any, n: object, lang: str) -> str:
    """The form of a text for the number ``n``: a text with ``one``/``other`` forms picks by the
    language's plural rule (a value that is not a number takes ``other``)."""
    if not isinstance(value, dict):
        return str(value)
    form = "other"
    if isinstance(n, int) and not isinstance(n, bool):
        form = _locale(lang).plural_form(n)
    return str(value.get(form, value.get("other", "")))


@functools.lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (ValueError, LookupError):
        return Locale.parse(FALLBACK)


def t(key: str, lang: str, **params: object) -> str:
    """The UI label ``key`` in ``lang``, its ``{fields}`` filled from ``params`` (``n`` picks the plural form)."""
    value = lookup("ui", key, lang)
    if value is None:
        return key
    text = plural(value, params.get("n"), lang)
    return text.format(**params) if params else text


def message(code: str, params: dict[str, str], lang: str) -> str:
    """The editor's message ``code`` in ``lang``, filled from a finding's ``params``; an unknown code
    is shown as itself with its parameters."""
    template = lookup("messages", code, lang)
    if template is None:
        return code + (": " + ", ".join(f"{k}={v}" for k, v in params.items()) if params else "")
    text = plural(template, _number(params.get("n")), lang)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def _number(value: object) -> object:
    try:
        return int(str(value))
    except ValueError:
        return value


def format_date(value: dt.date, lang: str, form: str = "short") -> str:
    """``value`` in ``lang``, in the catalog's pattern ``form``: ``short`` (2.5.2018 / 2 May 2018),
    ``long`` (2. toukokuuta 2018 / 2 May 2018) or ``month`` (toukokuu 2018 / May 2018)."""
    pattern = lookup("dates", form, lang) or "y-MM-dd"
    return babel_date(value, str(pattern), locale=_locale(lang))


def format_year_month(value: str, lang: str) -> str:
    """A ``YYYY`` or ``YYYY-MM`` value: ``2018``, or ``tammikuu 2018`` / ``January 2018``."""
    if len(value) == 4:
        return value
    year, month = value.split("-")
    return format_date(dt.date(int(year), int(month), 1), lang, "month")
