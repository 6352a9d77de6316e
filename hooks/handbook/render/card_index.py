"""The generated pages that list cards: the card index (with its filters), the approaches and the comparison."""

from __future__ import annotations

from handbook.content import knowledge, vocab
from handbook.content.cards import Card
from handbook.i18n import t
from handbook.render.cards import _list, approach_links, fact_rows, status_badge
from handbook.content.regions import region_text
from handbook.safety import escape


def _card_row(card: Card, lang: str, base: str) -> str:
    """One card of the index: a table row that a phone shows as a small card (name, municipality,
    status, approaches; the labels come from ``data-label``)."""
    f = card.facts
    cells = [
        f'<td class="hb-cards__name" data-sort="{escape(card.name(lang).casefold())}">'
        f'<a href="{base}cards/{card.slug}/">{escape(card.name(lang))}</a></td>',
        f'<td data-label="{escape(t("municipalities", lang))}">{_list(f["municipalities"] or card.organisation_names(lang), lang)}</td>',
        f'<td class="hb-cards__region" data-label="{escape(t("region", lang))}">'
        f'{escape(region_text(card, lang))}</td>',
        f'<td data-label="{escape(t("approaches", lang))}">{approach_links(card, lang, base)}</td>',
        f'<td class="hb-cards__status">{status_badge(card, lang)}</td>',
        f'<td class="hb-cards__year" data-label="{escape(t("year", lang))}" data-sort="{escape(card.year or "0")}">'
        f'{escape(card.year) or t("none", lang)}</td>',
    ]
    attrs = (f'data-region="{f["region"]}" data-status="{f["status"]}" '
             f'data-approaches="{" ".join(f["approaches"])}" data-knowledge="{knowledge.of(f)}"')
    return f"<tr {attrs}>{''.join(cells)}</tr>"


def _select(name: str, label: str, options: dict, lang: str) -> str:
    opts = f'<option value="">{escape(t("all", lang))}</option>' + "".join(
        f'<option value="{k}">{escape(v[lang])}</option>' for k, v in options.items())
    return f'<label>{escape(label)} <select name="{name}">{opts}</select></label>'


def _used(vocabulary: dict, values: set[str]) -> dict:
    """The entries of ``vocabulary`` that some card uses, in the vocabulary's order (a filter offers only these)."""
    return {k: v for k, v in vocabulary.items() if k in values}


def card_table(cards: list[Card], lang: str, base: str, filters: bool = True) -> str:
    """All ``cards`` as a table; with ``filters``, the browser-side filter form too.

    The filters offer only the regions, approaches and statuses that occur; on a phone the
    choices fold under one button. The caption counts the cards shown (``data-one``/``data-other``),
    and an empty result offers a reset.
    """
    if not cards:
        return f"<p>{escape(t('no_cards', lang))}</p>"
    head = "".join(f'<th scope="col">{escape(t(k, lang))}</th>' for k in
                   ("card", "municipalities", "region", "approaches", "status", "year"))
    rows = "\n".join(_card_row(c, lang, base) for c in cards)
    caption = (f'<caption data-one="{escape(t("cards_count", lang, n=1))}" '
               f'data-other="{escape(t("cards_count", lang, n="{n}"))}">{escape(t("cards_count", lang, n=len(cards)))}</caption>')
    table = (f'<table class="hb-cards" data-hb-sortable>{caption}\n'
             f'<thead data-pagefind-ignore><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>')
    if not filters:
        return table
    regions = _used(vocab.REGIONS, {c.facts["region"] for c in cards})
    approaches = _used(vocab.APPROACHES, {a for c in cards for a in c.facts["approaches"]})
    statuses = _used(vocab.STATUS, {c.facts["status"] for c in cards})
    form = ('<form class="hb-filter" data-hb-filter hidden role="search" '
            f'aria-label="{escape(t("filter", lang))}">'
            f'<label class="hb-filter__text">{escape(t("filter_text", lang))} <input type="search" name="q"></label>'
            f'<details class="hb-filter__options" open><summary>{escape(t("filter_options", lang))}</summary>'
            + _select("region", t("region", lang), regions, lang)
            + _select("approach", t("approaches", lang), approaches, lang)
            + _select("status", t("status", lang), statuses, lang)
            + _select("knowledge", knowledge.UI["knowledge"][lang], _used(knowledge.TYPES, {knowledge.of(c.facts) for c in cards}), lang)
            + "</details>"
            + f'<p class="hb-filter__count" aria-live="polite" data-template="{escape(t("shown", lang, shown="{shown}", total="{total}"))}"></p>'
            f'<p class="hb-filter__none" hidden>{escape(t("filter_none", lang))} '
            f'<button type="reset" class="md-button">{escape(t("filter_reset", lang))}</button></p>'
            "</form>")
    return f'<div class="hb-card-index">\n{form}\n<p class="hb-hint">{escape(t("sort_hint", lang))}</p>\n{table}\n</div>'


INTRO = {
    "cards": {
        "fi": "Kaikki käsikirjan hyvän käytännön kortit. Jokainen kortti kertoo, mihin tarpeeseen käytäntö vastaa, "
              "miten se toimii ja mitä siitä on saatu irti – lähteineen.",
        "en": "All practice cards in the handbook. Each card tells what need the practice answers, how it works "
              "and what it has achieved – with its sources.",
    },
    "compare": {
        "fi": "Korttien tiedot rinnakkain. Taulukko vierii vaakasuunnassa kapealla näytöllä.",
        "en": "The cards' facts side by side. On a narrow screen the table scrolls sideways.",
    },
    "approaches": {
        "fi": "Kortit on luokiteltu työotteiden mukaan. Yhdessä kortissa voi olla useita työotteita.",
        "en": "Cards are grouped by approach. One card can use several approaches.",
    },
}


def cards_index_page(cards: list[Card], lang: str) -> str:
    return f"# {t('cards_title', lang)}\n\n{INTRO['cards'][lang]}\n\n{card_table(cards, lang, '../')}\n"


def approaches_index_page(cards: list[Card], lang: str) -> str:
    items = []
    for key, labels in vocab.APPROACHES.items():
        n = sum(1 for c in cards if key in c.facts["approaches"])
        items.append(f"- [{labels[lang]}]({key}.md) ({t('cards_count', lang, n=n)}): "
                     f"{vocab.APPROACH_DESCRIPTIONS[key][lang]}")
    return f"# {t('approaches_title', lang)}\n\n{INTRO['approaches'][lang]}\n\n" + "\n".join(items) + "\n"


def approach_page(key: str, cards: list[Card], lang: str) -> str:
    selected = [c for c in cards if key in c.facts["approaches"]]
    return (f"# {vocab.APPROACHES[key][lang]}\n\n{vocab.APPROACH_DESCRIPTIONS[key][lang]}\n\n"
            f"## {t('cards_with_approach', lang)}\n\n{card_table(selected, lang, '../../', filters=False)}\n")


def compare_page(cards: list[Card], lang: str) -> str:
    if not cards:
        return f"# {t('compare_title', lang)}\n\n{t('no_cards', lang)}\n"
    keys = ["organisations", "municipalities", "region", "status", "start", "recognitions", "target_groups",
            "approaches", "research_partners", "contact", "reviewed"]
    head = "".join(f'<th scope="col">{escape(t(k, lang))}</th>' for k in ["card", *keys])
    rows = []
    for card in cards:
        values = dict((label, value) for label, value in fact_rows(card, lang, "../../"))
        cells = [f'<th scope="row"><a href="../{card.slug}/">{escape(card.name(lang))}</a></th>']
        cells += [f"<td>{values.get(t(k, lang), t('none', lang))}</td>" for k in keys]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    table = (f'<div class="hb-scroll" tabindex="0" role="region" aria-label="{escape(t("compare_title", lang))}">'
             f'<table class="hb-compare"><thead data-pagefind-ignore><tr>{head}</tr></thead>\n<tbody>\n' + "\n".join(rows)
             + "\n</tbody></table></div>")
    # no table of contents beside the wide table (the page has no sections)
    return f"---\nhide:\n  - toc\n---\n\n# {t('compare_title', lang)}\n\n{INTRO['compare'][lang]}\n\n{table}\n"
