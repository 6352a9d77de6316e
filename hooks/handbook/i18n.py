"""The handbook's words in each language: one catalog per language, dates and numbers from Babel.

Every label a reader sees and every message an editor reads lives in
``handbook/locales/<lang>.yml``, one file per language, as Material keeps its own texts
(``partials/languages/<lang>.html``). A catalog has sections: ``ui`` (labels on the pages),
``vocab`` (the labels of the card schema's values), ``structure`` (headings and keys editors
write into files), ``fields`` (the card fields' help), ``references`` (the reference style's
words), ``outputs`` (texts of the feeds and the structured data), ``scaffold`` (what ``make
new-card`` writes) and ``messages`` (what the checks and tools tell editors; a finding's code is
its key). A text may hold ``{name}`` fields, and a text that depends on a number has the forms
``one`` and ``other`` (chosen by the language's plural rule, from Babel's CLDR data). A key
missing from a catalog falls back to English, then to the key itself. A language is added by
adding its catalog: :func:`available_languages` lists them.

Dates are written by Babel in the patterns each catalog gives under ``dates``, numbers by
Babel, ordinal numbers in the forms of ``numbers.ordinal`` (chosen by the ordinal rule).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date as babel_date

#: libyaml's safe loader when it is there (ten times as fast as PyYAML's own)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
from babel.lists import format_list
from babel.numbers import format_decimal

#: the folder of the catalogs
LOCALES = Path(__file__).resolve().parent / "locales"
#: the languages of the handbook's own configuration, for callers that are given none (a project's
#: ``mkdocs.yml`` names its own: :func:`handbook.content.project.languages`)
LANGS = ("fi", "en")
#: the handbook's original language: its pages are at the site root, the others under ``<lang>/``
DEFAULT_LANG = "fi"
#: the language whose catalog fills the gaps of the others
FALLBACK = "en"
#: the forms a text for a number may have (CLDR's plural categories)
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})


@functools.lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, dict[str, Any]]:
    """The catalog of ``lang`` (section → key → text), read once; an unknown language has an empty one."""
    path = LOCALES / f"{lang}.yml"
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}  # noqa: S506 - a safe loader
    return {section: dict(entries or {}) for section, entries in data.items()}


@functools.lru_cache(maxsize=1)
def available_languages() -> tuple[str, ...]:
    """The languages that have a catalog (``locales/<lang>.yml``), the default language first."""
    found = sorted(path.stem for path in LOCALES.glob("*.yml"))
    return tuple(sorted(found, key=lambda lang: lang != DEFAULT_LANG))


def language_of(value: str) -> str | None:
    """The catalog language a locale names (``sv_SE.UTF-8``, ``fi-FI``, ``en``), or None."""
    code = value.strip().lower().replace("-", "_").split(".")[0].split("@")[0].split("_")[0]
    return code if code in available_languages() else None


def prepare(langs: tuple[str, ...]) -> None:
    """Read the catalogs and Babel's data of ``langs`` now (a build does this before it forks its
    background work, so that the second process finds them read)."""
    for lang in (*langs, FALLBACK):
        catalog(lang)
        _locale(lang).plural_form(1)
        format_date(dt.date(2000, 1, 1), lang)


def root(lang: str) -> str:
    """The site-relative URL of ``lang``'s home page: ``""`` for the default language, ``"en/"`` for English."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


@functools.lru_cache(maxsize=None)
def _entries(section: str, lang: str) -> dict[str, Any]:
    """The entries of ``section`` (``vocab.status``: a group inside a section) in ``lang``'s catalog."""
    node: Any = catalog(lang)
    for part in section.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def lookup(section: str, key: str, lang: str) -> Any:
    """The entry ``key`` of ``section`` in ``lang``'s catalog, else in English's; None if neither has it."""
    for code in (lang, FALLBACK):
        value = _entries(section, code).get(key)
        if value is not None:
            return value
    return None


def is_plural(value: object) -> bool:
    """Whether a catalog entry is a text for a number (forms ``one``, ``other``, …) rather than a group of entries."""
    return isinstance(value, dict) and bool(value) and set(value) <= PLURAL_FORMS


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


def _fill(text: str, params: Mapping[str, object]) -> str:
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def t(key: str, lang: str, **params: object) -> str:
    """The UI label ``key`` in ``lang``, its ``{fields}`` filled from ``params`` (``n`` picks the plural form)."""
    value = lookup("ui", key, lang)
    if value is None:
        return key
    text = plural(value, params.get("n"), lang)
    return text.format(**params) if params else text


def text(section: str, key: str, lang: str, **params: object) -> str:
    """The entry ``key`` of ``section`` in ``lang`` (``{{``/``}}`` stand for braces), its ``{fields}``
    filled from ``params`` (``n`` picks the plural form); an unknown key is shown as itself."""
    value = lookup(section, key, lang)
    if value is None or isinstance(value, dict) and not is_plural(value):
        return key
    return _fill(plural(value, params.get("n"), lang), params)


def message(code: str, params: dict[str, str], lang: str) -> str:
    """The editor's message ``code`` in ``lang``, filled from a finding's ``params``; an unknown code
    is shown as itself with its parameters. A parameter ``name_<lang>`` (``allowed_fi``) is the
    value of ``{name}`` in that language."""
    template = lookup("messages", code, lang)
    if template is None:
        return code + (": " + ", ".join(f"{k}={v}" for k, v in params.items()) if params else "")
    values: dict[str, object] = dict(params)
    for code_lang in (FALLBACK, lang):
        suffix = f"_{code_lang}"
        values.update({k[: -len(suffix)]: v for k, v in params.items() if k.endswith(suffix)})
    return _fill(plural(template, _number(params.get("n")), lang), values)


def per_language(**values: Any) -> dict[str, str]:
    """A finding's parameters that differ by language, for :func:`message`: ``<name>_<lang>`` in
    every catalog language for each ``name=function`` (the function is given the language)."""
    return {f"{name}_{lang}": str(function(lang)) for name, function in values.items()
            for lang in available_languages()}


def _number(value: object) -> object:
    try:
        return int(str(value))
    except ValueError:
        return value


@functools.lru_cache(maxsize=8192)
def format_date(value: dt.date, lang: str, form: str = "short") -> str:
    """``value`` in ``lang``, in the catalog's pattern ``form``: ``short`` (2.5.2018 / 2 May 2018),
    ``long`` (2. toukokuuta 2018 / 2 May 2018) or ``month`` (toukokuu 2018 / May 2018). (A page
    shows the same days again and again: each is formatted once.)"""
    pattern = lookup("dates", form, lang) or "y-MM-dd"
    return babel_date(value, str(pattern), locale=_locale(lang))


def format_year_month(value: str, lang: str) -> str:
    """A ``YYYY`` or ``YYYY-MM`` value: ``2018``, or ``tammikuu 2018`` / ``January 2018``."""
    if len(value) == 4:
        return value
    year, month = value.split("-")
    return format_date(dt.date(int(year), int(month), 1), lang, "month")


def format_number(value: int | float, lang: str) -> str:
    """A number as ``lang`` writes it (Babel): ``1 234,5`` / ``1,234.5``."""
    return format_decimal(value, locale=_locale(lang))


def ordinal(n: int, lang: str) -> str:
    """The ordinal number ``n`` in ``lang``: the form of ``numbers.ordinal`` that the language's
    ordinal rule (CLDR) picks, ``2.`` / ``2nd``."""
    forms = lookup("numbers", "ordinal", lang)
    form = _locale(lang).ordinal_form(n)
    chosen = forms.get(form, forms.get("other", "{n}")) if isinstance(forms, dict) else str(forms or "{n}")
    return _fill(str(chosen), {"n": format_number(n, lang)})


def join(items: Iterable[str], lang: str) -> str:
    """Items as ``lang`` lists them (Babel): ``fi ja en`` / ``fi, en, and sv``."""
    return format_list(list(items), locale=_locale(lang))


def language_name(code: str, lang: str) -> str:
    """The name of the language ``code`` in ``lang`` (Babel): ``Finnish``, ``suomi``, ``finska``."""
    return str(_locale(lang).languages.get(code, code))


class Labels(Mapping[str, str]):
    """The labels of one value (``key``) of a catalog ``section``: language → text, read from the
    catalogs when asked (English where a catalog lacks it). Iterating gives the catalog languages."""

    __slots__ = ("section", "key")

    def __init__(self, section: str, key: str) -> None:
        self.section, self.key = section, key

    def __getitem__(self, lang: str) -> str:
        value = lookup(self.section, self.key, lang)
        if value is None:
            raise KeyError(lang)
        return str(value)

    def __iter__(self) -> Iterator[str]:
        return iter(available_languages())

    def __len__(self) -> int:
        return len(available_languages())

    def __repr__(self) -> str:
        return f"Labels({self.section!r}, {self.key!r})"


class Vocabulary(Mapping[str, Labels]):
    """A controlled vocabulary: its values, in order (written in Python, as the schema allows
    them) → their :class:`Labels` in the catalogs' ``section`` (``vocab.status``)."""

    __slots__ = ("section", "keys_")

    def __init__(self, section: str, keys: Iterable[str]) -> None:
        self.section, self.keys_ = section, tuple(keys)

    def __getitem__(self, key: str) -> Labels:
        if key not in self.keys_:
            raise KeyError(key)
        return Labels(self.section, key)

    def __contains__(self, key: object) -> bool:
        return key in self.keys_

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_)

    def __len__(self) -> int:
        return len(self.keys_)

    def __repr__(self) -> str:
        return f"Vocabulary({self.section!r}, {self.keys_!r})"

    def table(self, langs: Iterable[str]) -> dict[str, dict[str, str]]:
        """The vocabulary as plain data: value → language → label, in ``langs`` (the JSON Schema's ``x-labels``)."""
        return {key: {lang: self[key][lang] for lang in langs} for key in self.keys_}
