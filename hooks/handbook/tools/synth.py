"""Synthetic handbooks for tests and benchmarks.

:func:`generate` writes a complete project into a folder outside the
repository's ``docs/``: ``mkdocs.yml``, the real ``docs/`` and bibliography
(so every real page still builds), plus ``n`` generated cards in both
languages and a generated bibliography of ``2.5 n`` entries that they cite.
The output is deterministic for a seed.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from handbook import ROOT
from handbook.content import vocab
from handbook.content.cards import sections
from handbook.tools.translated import stamp

FI_WORDS = ("lapsi perhe lastensuojelu sosiaalityöntekijä tiimi luottamus kohtaaminen tuki asiakas vanhempi nuori "
            "työote palvelu arki kotikäynti verkosto osallisuus suunnitelma jatkuvuus ammattilainen kuntoutus "
            "sijoitus avohuolto yhteistyö koulutus johtaminen resurssi kokemus vuorovaikutus muutos").split()
EN_WORDS = ("child family protection social worker team trust encounter support client parent young approach "
            "service everyday home visit network participation plan continuity professional rehabilitation "
            "placement open care cooperation training leadership resource experience interaction change").split()
#: the sample text of each language of the synthetic cards (those of the repository's mkdocs.yml, which
#: the synthetic project copies): its words and its "see also"
SAMPLES = {"fi": (FI_WORDS, "Katso myös"), "en": (EN_WORDS, "See also")}
MUNICIPALITIES = ("Helsinki Espoo Tampere Vantaa Oulu Turku Jyväskylä Kuopio Lahti Pori Joensuu Lappeenranta "
                  "Hämeenlinna Vaasa Seinäjoki Rovaniemi Mikkeli Kotka Salo Porvoo Kouvola Mäntsälä").split()


def _sentence(rng: random.Random, words: list[str], n: int) -> str:
    chosen = [rng.choice(words) for _ in range(n)]
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, words: list[str], sentences: int) -> str:
    return " ".join(_sentence(rng, words, rng.randint(8, 16)) for _ in range(sentences))


def _cite(rng: random.Random, keys: list[str]) -> str:
    return "[" + "; ".join("@" + k for k in rng.sample(keys, rng.choice((1, 1, 2)))) + "]"


def card_files(index: int, rng: random.Random, keys: list[str], total: int) -> dict[str, str]:
    """The three files of synthetic card number ``index``."""
    slug = f"synth-card-{index:05d}"
    approaches = rng.sample(list(vocab.APPROACHES), rng.randint(1, 3))
    # 2.5 sources per card on average, round-robin, so that every entry is cited
    share = len(keys) / total
    sources = keys[int(index * share): max(int((index + 1) * share), int(index * share) + 1)] or keys[:1]
    municipality = rng.choice(MUNICIPALITIES)
    yml = "\n".join([
        f"id: {slug}",
        "name:",
        f"  fi: Kokeilu {index} – {rng.choice(FI_WORDS)} ja {rng.choice(FI_WORDS)}",
        f"  en: Practice {index} – {rng.choice(EN_WORDS)} and {rng.choice(EN_WORDS)}",
        f"organisations: [{municipality}n kaupunki]",
        f"municipalities: [{municipality}]",
        f"region: {rng.choice(list(vocab.REGIONS))}",
        f"status: {rng.choice(list(vocab.STATUS))}",
        f"status_as_of: 20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        f"start: 20{rng.randint(10, 24)}-0{rng.randint(1, 9)}",
        f"target_groups: [{', '.join(rng.sample(list(vocab.TARGET_GROUPS), 2))}]",
        f"approaches: [{', '.join(approaches)}]",
        f"sources: [{', '.join(sources)}]",
        "reviewed: 2025-06-01",
        "contact:",
        f"  organisation: {municipality}n kaupunki",
        "  role: {fi: lastensuojelu, en: child protection}",
        "  url: https://example.org/",
        "",
    ])
    other = f"synth-card-{(index + 1) % total:05d}"
    files = {"card.yml": yml}
    cites = [_cite(rng, sources) for _ in range(7)]  # the same citations in both languages
    for lang, (words, see_also) in SAMPLES.items():
        titles = sections(lang)
        order = iter(cites)
        parts = [_paragraph(rng, words, 3) + " " + next(order)]
        for n, title in enumerate(titles[:-1]):
            body = [_paragraph(rng, words, rng.randint(3, 5)) + " " + next(order) for _ in range(2)]
            if n == 1 and total > 1:
                anchor = titles[0].lower().replace(" ", "-")
                body.append(f"[{see_also}](../{other}/index.md#{anchor}).")
            parts.append(f"## {title}\n\n" + "\n\n".join(body))
        parts.append(f"## {titles[-1]}\n")
        files[f"index.{lang}.md"] = "\n\n".join(parts)
    return files


def bibliography(rng: random.Random, entries: int) -> tuple[str, list[str]]:
    """A generated BibTeX file and its keys."""
    out, keys = [], []
    for i in range(entries):
        key = f"synth{i:05d}"
        keys.append(key)
        author = f"{rng.choice(['Virtanen', 'Korhonen', 'Nieminen', 'Mäkinen', 'Hämäläinen'])}, {rng.choice('AEHJKLMPST')}."
        out.append(f"@book{{{key},\n  author = {{{author}}},\n  title = {{Tutkimus {i}: {rng.choice(FI_WORDS)}}},\n"
                   f"  publisher = {{Kustantaja}},\n  year = {{{rng.randint(1990, 2024)}}}\n}}\n")
    return "\n".join(out), keys


def generate(out: Path, cards: int, seed: int = 1, bib_entries: int | None = None) -> Path:
    """Write a synthetic handbook project with ``cards`` cards into ``out``."""
    out = out.resolve()
    if out == ROOT or ROOT / "docs" in out.parents or out == ROOT / "docs":
        raise ValueError("synthetic handbooks are never written into the repository's docs/")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", out / "docs")
    for name in ("hooks", "overrides", "schema"):
        (out / name).symlink_to(ROOT / name, target_is_directory=True)
    text, keys = bibliography(random.Random(seed), bib_entries or max(3, int(cards * 2.5)))
    shutil.copytree(ROOT / "bibliography", out / "bibliography")
    (out / "bibliography" / "synth.bib").write_text(text, encoding="utf-8")
    for i in range(cards):
        folder = out / "docs" / "cards" / f"synth-card-{i:05d}"
        folder.mkdir(parents=True)
        for name, content in card_files(i, random.Random(seed * 1_000_003 + i), keys, cards).items():
            (folder / name).write_text(content, encoding="utf-8")
        stamp(folder / "index.en.md", out / "docs")
    return out
