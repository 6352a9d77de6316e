"""The translation status page."""

from __future__ import annotations

from handbook.safety import escape


STATE = {
    "ok": {"fi": "ajan tasalla", "en": "up to date"},
    "stale": {"fi": "vanhentunut", "en": "out of date"},
    "unrecorded": {"fi": "versiota ei kirjattu", "en": "revision not recorded"},
    "missing": {"fi": "puuttuu", "en": "missing"},
}


def status_page(rows: list[dict], lang: str) -> str:
    """The translation status page of ``lang`` (at ``translations/``)."""
    title = {"fi": "Käännösten tila", "en": "Translation status"}[lang]
    intro = {
        "fi": "Suomenkielinen teksti on käsikirjan alkuperäinen. Tällä sivulla näkyy, mitkä englanninkieliset "
              "käännökset puuttuvat ja mitkä on tehty suomenkielisen tekstin vanhemmasta versiosta.",
        "en": "The Finnish text is the handbook's original. This page shows which English translations are "
              "missing and which were made from an earlier version of the Finnish text.",
    }[lang]
    head = {"fi": ("Sivu", "Käännös", "Tila"), "en": ("Page", "Translation", "State")}[lang]
    problems = [r for r in rows if r["state"] != "ok"]
    summary = {
        "fi": f"Käännöksiä {len(rows)}, joista ajan tasalla {len(rows) - len(problems)}.",
        "en": f"{len(rows)} translations, {len(rows) - len(problems)} of them up to date.",
    }[lang]
    lines = [f"# {title}", "", intro, "", summary, ""]
    if problems:
        lines += [f"| {head[0]} | {head[1]} | {head[2]} |", "| --- | --- | --- |"]
        for row in problems:  # links to the source: MkDocs picks the page's language version
            lines.append(f"| [{escape(row['title'])}]({row['src']}) | {row['lang']} | {STATE[row['state']][lang]} |")
    else:
        lines.append({"fi": "Kaikki käännökset ovat ajan tasalla.", "en": "All translations are up to date."}[lang])
    return "\n".join(lines) + "\n"
