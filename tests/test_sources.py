"""The handbook against its source documents (``HANDBOOK_SOURCES``).

Every figure's ``quote`` occurs in its source, and no page repeats ten or more
consecutive words of a source outside marked quotations, titles of cited works
and reference lists. The tests take the sources from the ``sources`` fixture
(``tests/conftest.py``): without ``HANDBOOK_SOURCES`` they are skipped, and the
run says so once.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import yaml

import pytest

from helpers import ROOT, cli, edit, fails_with, line_of, mkdocs_build

RUN = 10  #: this many consecutive words of a source make a copied run
WORD = re.compile(r"\w+")
SPACE = re.compile(r"\s+")  #: in a str pattern \s is every Unicode space (what str.isspace() is true of)
#: every character with Unicode's White_Space property (PropList.txt): tab to carriage return, space,
#: next line, no-break space, Ogham space mark, the en quad to hair space, line and paragraph
#: separators, narrow no-break space, medium mathematical space, ideographic space
UNICODE_SPACES = ("\t\n\v\f\r \x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B))
                  + "\u2028\u2029\u202f\u205f\u3000")
QUOTE_FIELDS = {"quote"}
#: headings that start a reference list in a page's Markdown
REFERENCE_HEADINGS = {"lähteet", "sources", "references", "kirjallisuus", "lähdeluettelo", "bibliography"}


def words(text: str) -> list[str]:
    """The words of ``text``, in lower case."""
    return WORD.findall(text.casefold())


def normalised(text: str) -> str:
    """``text`` with every run of whitespace (line breaks, no-break and narrow no-break spaces,
    every other Unicode space) as one space, and none at either end."""
    return SPACE.sub(" ", text).strip()


def shingles(word_list: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    """Every run of ``n`` consecutive words."""
    return {tuple(word_list[i:i + n]) for i in range(len(word_list) - n + 1)}


def source_texts(sources: Path) -> dict[str, str]:
    """File name → text of each source document."""
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(sources.glob("*.txt"))}


# --- pages: what counts as our own text ------------------------------------------------------------

def markdown_segments(text: str) -> list[tuple[int, str]]:
    """(first line, text) of the parts of a Markdown page that must be in our own words.

    Left out: blockquotes (marked quotations) and reference lists (a section whose heading is
    one of :data:`REFERENCE_HEADINGS`, up to the next heading of the same or a higher level).
    """
    segments: list[tuple[int, str]] = []
    current: list[str] = []
    start = 1
    skip_level = 0
    for number, line in enumerate(text.splitlines(), start=1):
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if heading:
            level = len(heading.group(1))
            if skip_level and level <= skip_level:
                skip_level = 0
            if heading.group(2).strip().casefold() in REFERENCE_HEADINGS:
                skip_level = level
        quoted = line.lstrip().startswith(">")
        if skip_level or quoted:
            if current:
                segments.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        segments.append((start, "\n".join(current)))
    return segments


def data_segments(data: object, path: tuple = ()) -> list[tuple[str, str]]:
    """(field path, text) of every string in YAML ``data`` except quote fields."""
    if isinstance(data, dict):
        return [seg for key, value in data.items() if key not in QUOTE_FIELDS
                for seg in data_segments(value, (*path, str(key)))]
    if isinstance(data, list):
        return [seg for index, value in enumerate(data) for seg in data_segments(value, (*path, str(index)))]
    if isinstance(data, str):
        return [(".".join(path), data)]
    return []


def page_segments(root: Path) -> list[tuple[str, str]]:
    """(where, text) of every part of the site's Markdown and data files that must be our own words."""
    docs = root / "docs"
    out: list[tuple[str, str]] = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        out += [(f"{rel}:{line}", text) for line, text in markdown_segments(path.read_text(encoding="utf-8"))]
    for path in sorted([*(docs / "data").glob("*.yml"), *(docs / "cards").glob("*/card.yml")]):
        rel = path.relative_to(root).as_posix()
        out += [(f"{rel} ({field})", text) for field, text in data_segments(yaml.safe_load(path.read_text(encoding="utf-8")))]
    return out


def cited_titles(root: Path) -> list[list[str]]:
    """The words of the title (and book title) of every bibliography entry, longest first."""
    from handbook.content import bib

    titles = []
    for entry in bib.load(root).entries.values():
        for name in ("title", "booktitle"):
            if name in entry.fields:
                found = words(bib.plain(entry.fields[name]))
                if found:
                    titles.append(found)
    return sorted(titles, key=len, reverse=True)


def runs_outside_titles(text: str, titles: list[list[str]]) -> list[list[tuple[str, int]]]:
    """The words of ``text`` with their line offsets, split where the title of a cited work occurs."""
    found = [(m.group(0), text.count("\n", 0, m.start())) for m in WORD.finditer(text.casefold())]
    plain = [w for w, _ in found]
    covered = [False] * len(found)
    firsts: dict[str, list[list[str]]] = {}
    for title in titles:
        firsts.setdefault(title[0], []).append(title)
    for i, word in enumerate(plain):
        for title in firsts.get(word, []):
            if plain[i:i + len(title)] == title:
                covered[i:i + len(title)] = [True] * len(title)
                break
    runs: list[list[tuple[str, int]]] = [[]]
    for item, inside in zip(found, covered, strict=True):
        if inside:
            runs.append([])
        else:
            runs[-1].append(item)
    return [run for run in runs if len(run) >= RUN]


def copied_runs(segments: list[tuple[str, str]], sources: dict[str, str], titles: list[list[str]]) -> list[str]:
    """``where: 'words' (source)`` for each run of :data:`RUN` or more words that a source also has.

    ``where`` is ``path:line`` for Markdown (the line of the run's first word), ``path (field)`` for data.
    """
    seen: dict[tuple[str, ...], str] = {}
    for name, text in sources.items():
        for gram in shingles(words(text)):
            seen.setdefault(gram, name)
    out = []
    for where, text in segments:
        path, _, line = where.rpartition(":")
        for run in runs_outside_titles(text, titles):
            plain = [w for w, _ in run]
            i = 0
            while i + RUN <= len(plain):
                gram = tuple(plain[i:i + RUN])
                if gram not in seen:
                    i += 1
                    continue
                end = i + RUN
                while end < len(plain) and tuple(plain[end - RUN + 1:end + 1]) in seen:
                    end += 1
                at = f"{path}:{int(line) + run[i][1]}" if line.isdigit() else where
                out.append(f"{at}: '{' '.join(plain[i:end])}' ({seen[gram]})")
                i = end
    return out


# --- figures: the source's own words ---------------------------------------------------------------

def document_of(entry_title: str, sources: dict[str, str]) -> str | None:
    """The source document whose text contains the title of a bibliography entry (compared word by word)."""
    title = " ".join(words(entry_title))
    found = [name for name, text in sources.items() if title and title in " ".join(words(text))]
    return found[0] if len(found) == 1 else None


def misquoted(root: Path, sources: dict[str, str]) -> list[str]:
    """``facts.yml:line: …`` for each figure whose quote is not in its source document."""
    from handbook.content import bib, figures as facts

    entries = bib.load(root).entries
    figures, problems = facts.load(root / "docs" / "data" / "facts.yml", root)
    out = [problem.text("en") for problem in problems]
    for fact in figures:
        where = f"docs/data/facts.yml:{fact.line}: figure '{fact.id}'"
        entry = entries.get(fact.source)
        name = document_of(bib.plain(entry.fields.get("title", "")), sources) if entry is not None else None
        if name is None:
            out.append(f"{where}: no single source document has the title of its source entry '{fact.source}'")
        elif normalised(fact.quote) not in normalised(sources[name]):
            out.append(f"{where}: its quote is not word for word in {name}: {fact.quote!r}")
    return out


# --- tests -------------------------------------------------------------------------------------------

def test_every_figure_quotes_its_source_word_for_word(sources):
    assert misquoted(ROOT, source_texts(sources)) == []


def test_a_changed_quote_is_found(sources, project):
    """The check can fail: a figure changed in a quote is found; extra spaces are allowed."""
    data = project / "docs" / "data" / "facts.yml"
    text = data.read_text(encoding="utf-8")
    figure = yaml.safe_load(text)["facts"][0]
    quote = figure["quote"]
    spaced = quote.replace(" ", "  ", 1)
    data.write_text(text.replace(f'"{quote}"', f'"{spaced}"'), encoding="utf-8")
    assert misquoted(project, source_texts(sources)) == []
    changed = quote.replace(figure["value"], str(int(figure["value"]) + 1))
    assert changed != quote
    data.write_text(text.replace(f'"{quote}"', f'"{changed}"'), encoding="utf-8")
    assert [line.split(": ", 1)[0] for line in misquoted(project, source_texts(sources))] == [
        f"docs/data/facts.yml:{text.splitlines().index('  - id: ' + figure['id']) + 1}"]


def test_every_unicode_space_counts_as_a_space():
    """A quote and its source are compared with each Unicode space as a plain one."""
    assert len(UNICODE_SPACES) == 25 and all(space.isspace() for space in UNICODE_SPACES)
    for space in UNICODE_SPACES:
        spaced = f"{space}Tietoa{space}koottiin{space * 2}keväänä{space}"
        assert normalised(spaced) == "Tietoa koottiin keväänä", repr(space)
    assert normalised("Tietoa\u200bkoottiin") == "Tietoa\u200bkoottiin"  # a zero-width space is not a space


def test_quotes_match_across_unicode_spaces_but_not_a_changed_word(sources, project):
    """Both sides normalised: a quote written with one kind of Unicode space matches a source
    that has another kind (as the source copies have no-break spaces); a changed word in the
    quote is still found, however its spaces are written."""
    data = project / "docs" / "data" / "facts.yml"
    text = data.read_text(encoding="utf-8")
    figure = max(yaml.safe_load(text)["facts"], key=lambda fact: len(fact["quote"]))
    quote = figure["quote"]
    assert text.count(f'"{quote}"') == 1 and " " in quote
    texts = source_texts(sources)
    at = f"docs/data/facts.yml:{text.splitlines().index('  - id: ' + figure['id']) + 1}"
    word = max(words(quote), key=len)
    changed = re.sub(rf"\b{word}\b", "muutettu", quote, count=1, flags=re.IGNORECASE)
    assert changed != quote
    # a YAML value may not hold a control character, however it is written (yaml-escaped-hidden): the
    # quote is written with every other kind of space
    spaces = [space for space in UNICODE_SPACES if space not in "\v\f\x85"]
    for i, space in enumerate(spaces):
        other = spaces[(i + 1) % len(spaces)]
        spaced_sources = {name: source.replace(" ", other) for name, source in texts.items()}
        escaped = f"\\u{ord(space):04x}"  # a YAML escape: the file stays plain text, the value has the space
        data.write_text(text.replace(f'"{quote}"', '"' + quote.replace(" ", escaped) + '"'), encoding="utf-8")
        assert misquoted(project, spaced_sources) == [], repr(space)
        data.write_text(text.replace(f'"{quote}"', '"' + changed.replace(" ", escaped) + '"'), encoding="utf-8")
        assert [line.split(": ", 1)[0] for line in misquoted(project, spaced_sources)] == [at], repr(space)


def test_no_run_of_ten_words_copied_from_a_source(sources):
    found = copied_runs(page_segments(ROOT), source_texts(sources), cited_titles(ROOT))
    assert found == [], "copied from a source (write it in our own words, or mark it as a quotation):\n" + "\n".join(found)


def test_copy_check_finds_a_pasted_sentence_and_spares_quotations_and_titles(sources, tmp_path):
    """The check can fail: a sentence pasted from a source into a page is found; the same
    sentence as a blockquote, a quote field, a cited title or in a reference list is not."""
    texts = source_texts(sources)
    name, text = max(texts.items(), key=lambda item: len(item[1]))
    sentence = " ".join(normalised(text).split(" ")[200:215])
    page = tmp_path / "docs" / "page.fi.md"
    page.parent.mkdir(parents=True)
    (tmp_path / "docs" / "data").mkdir()
    page.write_text(f"# Sivu\n\nOmaa tekstiä. {sentence} Lisää omaa.\n", encoding="utf-8")
    found = copied_runs(page_segments(tmp_path), texts, [])
    assert len(found) == 1 and found[0].startswith("docs/page.fi.md:3: ") and name in found[0]
    page.write_text(f"# Sivu\n\n> {sentence}\n\n## Lähteet\n\n- {sentence}\n", encoding="utf-8")
    (tmp_path / "docs" / "data" / "facts.yml").write_text(yaml.safe_dump({"facts": [{"quote": sentence}]}), encoding="utf-8")
    assert copied_runs(page_segments(tmp_path), texts, []) == []
    page.write_text(f"Teos *{sentence}* kertoo.\n", encoding="utf-8")
    (tmp_path / "docs" / "data" / "facts.yml").write_text(yaml.safe_dump({"facts": [{"measures": sentence}]}), encoding="utf-8")
    assert copied_runs(page_segments(tmp_path), texts, [words(sentence)]) == []
    found = copied_runs(page_segments(tmp_path), texts, [])
    assert [f.split(": ")[0] for f in found] == ["docs/page.fi.md:1", "docs/data/facts.yml (facts.0.measures)"]


# --- the quote field: validated and shown (no source documents needed) -----------------------------

def test_figure_without_quote_or_with_a_long_one_fails(small, capsys):
    data = small / "docs" / "data" / "facts.yml"
    figures = yaml.safe_load(data.read_text(encoding="utf-8"))["facts"]
    first, second = figures[0], figures[1]
    edit(data, f'    quote: "{first["quote"]}"\n', "")
    long_quote = " ".join(["sana"] * 31)
    edit(data, f'"{second["quote"]}"', f'"{long_quote}"')
    missing_at = line_of(data, f"id: {first['id']}")
    long_at = line_of(data, long_quote)
    fails_with(small, f"docs/data/facts.yml:{missing_at}: required field 'facts.quote' is missing. Add it: quote: …")
    fails_with(small, f"docs/data/facts.yml:{long_at}: the quote of figure '{second['id']}' is 31 words long; "
                      "at most 30 words are allowed.")
    status, out, err = cli(capsys, "check", "--lang", "fi", "--root", str(small))
    assert status == 1, out + err
    assert f"docs/data/facts.yml:{long_at}: virhe [facts] luvun '{second['id']}' lainaus (quote) on 31 sanaa pitkä" in out


@pytest.mark.build
def test_quote_shown_escaped_in_the_table_and_the_figures_pop_up(small, tmp_path):
    data = small / "docs" / "data" / "facts.yml"
    figure = yaml.safe_load(data.read_text(encoding="utf-8"))["facts"][0]
    # markup itself is refused at file:line (test_security_corpus); characters HTML reads must come out as text
    edit(data, f'"{figure["quote"]}"', '"Lähde sanoi 1 < 2 & 3 > \\"0\\""')
    result = mkdocs_build(small, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    shown = '<q lang="fi">Lähde sanoi 1 &lt; 2 &amp; 3 &gt; &quot;0&quot;</q>'
    pages = [p for p in small.joinpath("docs").rglob("*.md") if "{{fact:" + figure["id"] + "}}" in p.read_text(encoding="utf-8")]
    assert pages, "no page uses the first figure"
    for prefix, label in (("", "Lähteen sanoin"), ("en/", "In the source&#x27;s words")):
        table = (tmp_path / "out" / prefix / "facts" / "index.html").read_text(encoding="utf-8")
        row = re.search(rf'<tr id="fact-{figure["id"]}">(.*?)</tr>', table, re.S).group(1)
        assert shown in row
        assert f">{html.unescape(label)}<" in table
        page = pages[0].relative_to(small / "docs").as_posix().rsplit(".", 2)[0]
        built = (tmp_path / "out" / prefix / page.removesuffix("index") / "index.html").read_text(encoding="utf-8")
        link = re.search(rf'<a class="hb-fact hb-cite" href="[^"]*facts/#fact-{figure["id"]}" '
                         rf'aria-describedby="hb-quote-{figure["id"]}"', built)
        assert link, page
        pop = re.search(rf'<span id="hb-quote-{figure["id"]}">(.*?)</span>', built).group(1)
        # in element text a double quote needs no entity; <, > and & do
        assert pop.replace("&quot;", '"') == f"{html.unescape(label)}: {shown}".replace("&quot;", '"')
    exported = {f["id"]: f for f in json.loads((tmp_path / "out" / "facts.json").read_text(encoding="utf-8"))["facts"]}
    assert exported[figure["id"]]["quote"] == 'Lähde sanoi 1 < 2 & 3 > "0"'
