"""What each page gets for reuse: the feed link and JSON-LD in its ``<head>``, its history, the version cited.

Called from :func:`handbook.engine.plugin.on_page_markdown` with what the build already has (the
page's cited keys, the build's one ``git log``): nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt

from handbook.publish import feeds, jsonld, seo
from handbook.publish.downloads import FACTS, OPEN_DATA
from handbook.content import history
from handbook.content.cards import Card
from handbook.content.handbook import Handbook
from handbook.content.text import plain
from handbook.i18n import root, text
from handbook.content.pages import MarkdownPage, day, is_summary, url_of
from handbook.render.cite import sources_of



def head(hb: Handbook, page_url: str, src: str, lang: str, site_name: str, base: str,
         commits: dict[str, list[history.Commit]], *, card: Card | None = None, info: MarkdownPage | None = None,
         keys: list[str] | None = None, works: jsonld.Works | None = None, description: str = "") -> str:
    """The ``<head>`` additions of one page: the link to its language's feed, and JSON-LD on
    cards, research summaries and the key figures page (``description``: the page's, when the build has it)."""
    up = "../" * page_url.count("/")

    def link(url: str) -> str:
        return seo.absolute(base, url) if base else (up + url or "./")

    out = [feeds.head_link(lang, base, up, f"{site_name} – {text('outputs', 'feed_title', lang)}")]
    home = link(root(lang))
    cited = [w for w in (works.get(k) for k in (keys or [])) if w is not None] if works is not None else []
    data = None
    if card is not None and info is not None:
        paths = sources_of(info, card)
        data = jsonld.article(
            kind="card", lang=lang, urls={o: link(card.url(o)) for o in hb.langs if o in card.texts},
            title=card.name(lang),
            description=description or (plain(card.texts[lang].summary) if lang in card.texts else ""),
            site_name=site_name, home=home, commits=history.page_commits(commits, paths),
            fallback=dt.date.fromisoformat(card.facts["reviewed"]), citations=cited,
            spatial=jsonld.card_places(card, lang), about=jsonld.card_about(card, lang, link))
    elif info is not None and is_summary(info.src):
        urls = {o: link(url_of(info.src, o)) for o in hb.langs if hb.page(info.src[:-3] + f".{o}.md") is not None}
        description = description or str(info.meta.get("description") or "") or next(
            (plain(text) for tag, _, text in info.outline if tag == "p"), "")
        fallback = day(info.meta.get("reviewed"))  # one that names no day is reported by the content check
        data = jsonld.article(
            kind="summary", lang=lang, urls=urls, title=info.title, description=description, site_name=site_name,
            home=home, commits=history.page_commits(commits, [info.rel]), fallback=fallback, citations=cited)
    elif src == f"facts.{lang}.md":
        rel = (hb.docs / "data" / "facts.yml").relative_to(hb.root).as_posix()
        sources = list(dict.fromkeys(f.source for f in hb.facts))
        data = jsonld.dataset(
            lang=lang, url=link(url_of("facts.md", lang)), site_name=site_name, home=home,
            downloads={link(name): OPEN_DATA[name] for name in FACTS},
            measures=[f.measures[lang] for f in hb.facts], commits=history.page_commits(commits, [rel]),
            citations=[w for w in (works.get(k) for k in sources) if w is not None] if works is not None else [],
            langs=hb.langs)
    elif src == f"open-data.{lang}.md":
        data = jsonld.dataset(
            lang=lang, url=link(url_of("open-data.md", lang)), site_name=site_name, home=home,
            downloads={link(name): media for name, media in OPEN_DATA.items()}, measures=[],
            commits=[], citations=[], texts=jsonld.OPEN_DATA, langs=hb.langs)
    if data is not None:
        out.append(jsonld.script(data))
    return "\n".join(out)


