"""``handbook new-card``: a new practice card with every field and section, ready to fill.

Values the editor has not given are placeholders ``<<…>>``; the checks refuse a
card while any placeholder is left and say which one to fill.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from handbook.content import project, schema, vocab
from handbook.content.cards import sections
from handbook.i18n import DEFAULT_LANG, FALLBACK, LANGS, available_languages, message, text


SLUG = re.compile(schema.SLUG_PATTERN)


class ScaffoldError(Exception):
    """A refusal, with the editor's message."""


def _yaml_text(value: str) -> str:
    """A YAML double-quoted string (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def _every(key: str, langs: tuple[str, ...]) -> str:
    """The scaffold's word ``key`` in every language, ``organisaatio / organisation``."""
    return " / ".join(dict.fromkeys(text("scaffold", key, lang) for lang in langs))


def card_yml(slug: str, organisation: str | None, municipality: str | None, today: dt.date,
             source: str | None = None, langs: tuple[str, ...] = LANGS) -> str:
    """The scaffold's ``card.yml``: the values given, placeholders ``<<…>>`` for the rest (in ``langs``)."""
    def every(key: str) -> str:
        return _every(key, langs)

    org = _yaml_text(organisation) if organisation else f'"<<{every("organisation")}>>"'
    municipalities = f"[{_yaml_text(municipality)}]" if municipality else "[]"
    sources = f"[{source}]" if source else f'["<<{every("source_key")}: make new-source>>"]'
    example = every("for_example")
    statuses = " | ".join(f"{key} ({vocab.label(vocab.STATUS, key, DEFAULT_LANG).lower()})" for key in vocab.STATUS)
    names = "".join(f'\n  {lang}: "<<{text("scaffold", "card_name", lang)}>>"' for lang in langs)
    roles = "".join(f'\n    {lang}: "<<{text("scaffold", "role", lang)}>>"' for lang in langs)
    return f"""# yaml-language-server: $schema=../../../schema/card.schema.json
# {every("facts_once")}. {every("replace_every")} <<…>>: {every("guide")}.
id: {slug}
name:{names}
organisations: [{org}]
municipalities: {municipalities}
region: "<<{every("region")}, {example} satakunta>>"
status: "<<{statuses}>>"
status_as_of: "<<{every("date_form")}: {every("source_date")}>>"
# start: 2018-01          # {every("only_if_stated")} (YYYY or YYYY-MM)
# recognitions: [awarded]
target_groups: ["<<{" | ".join(vocab.TARGET_GROUPS)}>>"]
approaches: ["<<{every("approach")}, {example} relationship-based-work>>"]
# research_partners: []
sources: {sources}
reviewed: {today.isoformat()}
contact:
  organisation: {org}
  role:{roles}
  url: "<<https://… {every("web_address")}>>"
"""


def card_text(lang: str, source: str | None = None) -> str:
    """The scaffold's text in ``lang``: a summary and the sections, each a placeholder that says
    what to write and where to cite the source (``source``: its key, when given)."""
    key = source or text("scaffold", "cite_key", lang)
    titles = sections(lang)
    parts = [f"<<{text('scaffold', 'summary', lang, source=key)}>>"]
    for title, hint in zip(titles[:3], ("need", "solution", "results"), strict=True):
        parts.append(f"## {title}\n\n<<{text('scaffold', hint, lang, source=key)}>>")
    parts.append(f"## {titles[3]}\n")
    return "\n\n".join(parts)


def new_card(docs: Path, slug: str, organisation: str | None = None, municipality: str | None = None,
             lang: str = FALLBACK, today: dt.date | None = None, source: str | None = None,
             langs: tuple[str, ...] | None = None) -> Path:
    """Write ``docs/cards/<slug>/`` or raise :class:`ScaffoldError` (writing nothing): ``card.yml`` and
    a text in each language of ``langs`` (default: those of the project's ``mkdocs.yml``). ``source``:
    the key of the card's source (``make new-source``), written into ``sources`` and the texts;
    ``lang``: the language of the messages."""
    langs = langs or project.languages(project.read_config(docs.parent))
    if not SLUG.match(slug or ""):
        raise ScaffoldError(message("scaffold-slug", {"slug": slug}, lang))
    if source is not None and not SLUG.match(source):
        raise ScaffoldError(message("source-key", {"value": source}, lang))
    folder = docs / "cards" / slug
    if folder.exists():
        raise ScaffoldError(message("scaffold-exists", {"slug": slug, "path": str(folder)}, lang))
    files = {"card.yml": card_yml(slug, organisation, municipality, today or dt.date.today(), source, langs)}
    files.update({f"index.{code}.md": card_text(code, source) for code in langs})
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


# --- new-source: a bibliography entry ------------------------------------------------------


#: The kinds of source an editor adds, as BibTeX entry types.
SOURCE_TYPES = {"web": "online", "report": "report", "article": "article"}
SOURCE_FILE = "bibliography/sources.bib"
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LATEX_SPECIAL = str.maketrans({"&": r"\&", "%": r"\%", "#": r"\#", "$": r"\$", "_": r"\_",
                                "{": "", "}": "", "\\": ""})


def _bib_text(value: str) -> str:
    """Plain text as a BibTeX field value (LaTeX's special characters escaped, braces dropped)."""
    return " ".join(value.translate(_LATEX_SPECIAL).split())


def _authors(author: str | None, organisation: str | None) -> str | None:
    """People as ``Surname, First and Surname, First``; an organisation in double braces (never split)."""
    if organisation:
        return "{" + _bib_text(organisation) + "}"
    if author:
        joins = sorted({text("references", "and", lang) for lang in available_languages()})  # "and", "ja"
        people = [p.strip() for p in re.split(";|" + "|".join(f" {re.escape(w)} " for w in joins), author) if p.strip()]
        return " and ".join(_bib_text(p) for p in people)
    return None


def source_entry(kind: str, key: str, title: str, author: str | None = None, organisation: str | None = None,
                 date: str | None = None, url: str | None = None, publisher: str | None = None,
                 journal: str | None = None, volume: str | None = None, number: str | None = None,
                 pages: str | None = None, today: dt.date | None = None, titletranslation: str | None = None,
                 note: str | None = None, notetranslation: str | None = None) -> str:
    """The text of one BibTeX entry (no checks: :func:`new_source` checks first). ``titletranslation``: the
    title in English; ``note`` / ``notetranslation``: the editors' note in Finnish / English (what the source
    leaves out, what is inferred), shown under the entry in the bibliography."""
    fields: list[tuple[str, str]] = []
    names = _authors(author, organisation)
    if names:
        fields.append(("author", names))
    fields.append(("title", _bib_text(title)))
    if titletranslation:
        fields.append(("titletranslation", _bib_text(titletranslation)))
    if kind == "article":
        fields.append(("journal", _bib_text(journal or "")))
        for name, value in (("volume", volume), ("number", number), ("pages", pages)):
            if value:
                fields.append((name, _bib_text(value).replace("-", "--").replace("–", "--")
                               if name == "pages" else _bib_text(value)))
    if kind == "report":
        fields.append(("institution", _bib_text(publisher or organisation or "")))
    elif publisher and kind == "web":
        fields.append(("organization", _bib_text(publisher)))
    if date:
        fields.append(("year", date[:4]))
        if len(date) == 10:
            fields.append(("date", date))
    if url:
        fields.append(("url", url))
        fields.append(("urldate", (today or dt.date.today()).isoformat()))
    for name, value in (("note", note), ("notetranslation", notetranslation)):
        if value:
            fields.append((name, _bib_text(value)))
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@{SOURCE_TYPES[kind]}{{{key},\n{body}\n}}\n"


def _refuse(code: str, lang: str, **params: str) -> ScaffoldError:
    return ScaffoldError(message(code, params, lang))


def new_source(root: Path, kind: str, key: str | None, title: str | None, author: str | None = None,
               organisation: str | None = None, date: str | None = None, url: str | None = None,
               lang: str = FALLBACK, today: dt.date | None = None, **more: str | None) -> tuple[Path, int, str]:
    """Append a checked entry to ``bibliography/sources.bib``: (the file, the entry's line, its key).

    Raises :class:`ScaffoldError` with the editor's message, writing nothing, when a value is
    missing or wrong or the finished entry would not pass the bibliography's checks.
    """
    from handbook.content import bib

    if kind not in SOURCE_TYPES:
        raise _refuse("source-type", lang, value=kind or "")
    example = {"web": 'TYPE=web TITLE="…" ORG="Porin kaupunki" DATE=2024-03-15 URL=https://www.pori.fi/…',
               "report": 'TYPE=report TITLE="…" ORG="THL" DATE=2023 URL=https://…',
               "article": 'TYPE=article TITLE="…" AUTHOR="Sukunimi, Etunimi" JOURNAL="Janus" DATE=2022'}[kind]
    if not title:
        raise _refuse("source-needs", lang, what="TITLE", example=example)
    if not (author or organisation):
        raise _refuse("source-needs", lang, what="AUTHOR / ORG", example=example)
    if kind == "web" and not url:
        raise _refuse("source-needs", lang, what="URL", example=example)
    if kind == "article" and not more.get("journal"):
        raise _refuse("source-needs", lang, what="JOURNAL", example=example)
    if kind in ("report", "article") and not date:
        raise _refuse("source-needs", lang, what="DATE", example=example)
    if date and not re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", date):
        raise _refuse("source-date", lang, value=date)
    if date and len(date) == 10:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise _refuse("source-date", lang, value=date) from None
    if url and not re.fullmatch(r"https?://[^\s{}]+\.[^\s{}]+", url):
        raise _refuse("source-url", lang, value=url)
    if not key:
        first = re.sub(r"[^a-z0-9]", "", _ascii((organisation or author or "").split(",")[0].split()[0].lower()))
        word = next((w for w in re.findall(r"\w+", _ascii(title.lower())) if len(w) > 3), "")
        key = f"{first}{(date or '')[:4]}{re.sub(r'[^a-z0-9]', '', word)}"
    if not KEY.match(key):
        raise _refuse("source-key", lang, value=key)
    current = bib.load(root)
    if key in current.entries:
        rel, line = current.where[key]
        raise _refuse("source-key-used", lang, value=key, where=f"{rel}:{line}")
    entry = source_entry(kind, key, title, author, organisation, date, url, today=today,
                         **{k: v for k, v in more.items() if k in ("publisher", "journal", "volume", "number", "pages",
                                                                    "titletranslation", "note", "notetranslation")})
    path = root / SOURCE_FILE
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    text = before.rstrip("\n") + ("\n\n" if before.strip() else "") + entry
    line = text.count("\n", 0, len(text) - len(entry)) + 1
    problems = _entry_problems(text, key, line, today, lang)
    if problems:
        raise _refuse("source-invalid", lang, problem=" ".join(problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, line, key


def _entry_problems(text: str, key: str, line: int, today: dt.date | None, lang: str) -> list[str]:
    """The errors the bibliography loader finds in the file ``text`` in the entry ``key`` (from ``line`` on)."""
    import tempfile

    from handbook.content import bib

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bibliography"
        folder.mkdir()
        (folder / "sources.bib").write_text(text, encoding="utf-8")
        loaded = bib.load(Path(tmp), today=today or dt.date.today())
    problems = [f.message(lang) for f in loaded.findings if f.severity == "error" and
                (f.line >= line or dict(f.params).get("key") == key)]
    if key not in loaded.entries and not problems:
        problems.append(key)
    return problems


def _ascii(text: str) -> str:
    return text.translate(str.maketrans("äöåéü", "aoaeu"))
