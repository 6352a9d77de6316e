"""The ``handbook`` command: ``check``, ``schema``, ``synth``, ``bench``.

Exit status: 0 no findings, 1 findings, 2 could not run.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from handbook import findings as fmt, i18n
from handbook.content import project, schema, handbook as site
from handbook.i18n import available_languages
from handbook.tools.check import check
from handbook.tools import synth
from handbook.tools.bench import ENGINES


def cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    if not (root / "docs").is_dir():
        print(f"{root}: no docs/ folder here", file=sys.stderr)
        return 2
    hb, found = check(root, uncited=args.uncited)
    if args.site:
        from handbook.checks import html as html_check

        found += html_check.check(Path(args.site), site.page_sources(hb))
    if args.online:
        from handbook.checks import external

        found += external.check_online(hb, cache_path=Path(args.cache), max_age_days=args.cache_days,
                                       timeout=args.timeout, concurrency=args.concurrency)
    if args.format == "github":
        text = fmt.format_github(found, args.lang)
    elif args.format == "json":
        text = fmt.format_json(found, args.lang)
    else:
        text = fmt.format_text(found, args.lang)
    if text:
        print(text)
    errors = any(f.severity == "error" for f in found)
    if args.format == "text":  # the same verdict as the pull request's checks: errors fail, warnings never do
        verdict = "verdict-fails" if errors else "verdict-warnings" if found else "verdict-passes"
        print(i18n.message(verdict, {}, args.lang or fmt.default_lang()))
    return 1 if errors else 0


def cmd_translated(args: argparse.Namespace) -> int:
    from handbook.tools.translated import TranslationError, stamp
    from handbook.findings import default_lang
    from handbook.i18n import message

    lang = args.lang or default_lang()
    status = 0
    for name in args.files:
        try:
            print(message("translated-done", {"file": name, "revision": stamp(Path(name), Path(args.root) / "docs")}, lang))
        except TranslationError as exc:
            print(message(exc.code, exc.params, lang), file=sys.stderr)
            status = 2
    return status


def cmd_new_card(args: argparse.Namespace) -> int:
    from handbook.findings import default_lang
    from handbook.i18n import message
    from handbook.tools.scaffold import ScaffoldError, new_card

    lang = args.lang or default_lang()
    ask = sys.stdin.isatty() and not args.no_input

    def value(given: str | None, key: str) -> str | None:
        if given is not None or not ask:
            return given
        return input(message(key, {}, lang)).strip() or None

    slug = value(args.slug, "scaffold-ask-slug") or ""
    organisation = value(args.organisation, "scaffold-ask-org")
    municipality = value(args.municipality, "scaffold-ask-municipality")
    try:
        root = Path(args.root)
        folder = new_card(root / "docs", slug, organisation, municipality, lang, source=args.source,
                          langs=project.languages(project.read_config(root)))
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(message("scaffold-done", {"path": str(folder)}, lang))
    return 0


def cmd_new_source(args: argparse.Namespace) -> int:
    from handbook.findings import default_lang
    from handbook.i18n import message
    from handbook.tools.scaffold import ScaffoldError, new_source

    lang = args.lang or default_lang()
    try:
        path, line, key = new_source(Path(args.root).resolve(), args.type or "", args.key, args.title, args.author,
                                     args.org, args.date, args.url, lang, publisher=args.publisher,
                                     journal=args.journal, volume=args.volume, number=args.number, pages=args.pages,
                                     titletranslation=args.titletranslation, note=args.note,
                                     notetranslation=args.notetranslation)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 2
    rel = path.relative_to(Path(args.root).resolve()).as_posix()
    print(message("source-done", {"key": key, "path": rel, "line": str(line)}, lang))
    return 0


def cmd_cms_config(args: argparse.Namespace) -> int:
    """Print the editing page's CMS configuration (``config.yml`` of ``/admin/``), generated from the schema."""
    import yaml

    from handbook.content import bib
    from handbook.publish import admin

    root = Path(args.root).resolve()
    config = project.read_config(root)
    langs = project.languages(config)
    keys = bib.load(root).entries
    repo = admin.github_repo(str(config.get("repo_url") or "")) if isinstance(config, dict) else ""
    print(yaml.safe_dump(admin.cms_config(args.lang or langs[0], langs, keys, repo, args.proxy),
                         allow_unicode=True, sort_keys=False, width=120), end="")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from handbook.tools.schema import write_schema

    print(write_schema(Path(args.output)))
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    print(synth.generate(Path(args.out), args.cards, seed=args.seed))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark; exit 1 when a budget is missed (:mod:`handbook.tools.budget`)."""
    from handbook.tools import bench, budget

    def numbers(text: str) -> list[int]:
        return [int(s) for s in text.split(",") if s.strip()]

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [e for e in engines if e not in bench.ENGINES]
    if unknown or not engines:
        print(f"--engines: {', '.join(unknown) or '(none)'}: choose from {', '.join(bench.ENGINES)}", file=sys.stderr)
        return 2
    print(bench.HEADER, flush=True)
    result = bench.run(numbers(args.sizes), Path(args.json), Path(args.workdir) if args.workdir else None,
                       repeat=args.repeat, repeat_large=args.repeat_large, engines=engines,
                       stock_at=numbers(args.stock_at), preview_at=numbers(args.preview_at), extras=args.extras)
    print()
    print(bench.report(result))
    print(f"\nresults: {args.json}")
    return budget.exit_status(budget.verdicts(result))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="handbook", description="The handbook's tools.")
    sub = p.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check cards, citations and links; exit 1 on findings")
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    languages = available_languages()  # those that have a catalog
    check.add_argument("--lang", choices=languages, default=None, help="message language (default from HANDBOOK_LANG/LANG)")
    check.add_argument("--root", default=".", help="the project folder (default: current folder)")
    check.add_argument("--uncited", choices=("warning", "error"), default="warning",
                       help="how to report bibliography entries that nothing cites")
    check.add_argument("--site", default=None, help="also check links and anchors in this built site (e.g. site/)")
    check.add_argument("--online", action="store_true", help="also request every external link (slow; needs network)")
    check.add_argument("--cache", default=str(_user_cache() / "links.json"),
                       help="where --online keeps its results (outside the project: a cache in the repository "
                            "could be anyone's; default: $XDG_CACHE_HOME/handbook/links.json)")
    check.add_argument("--cache-days", type=float, default=7, help="how long a checked link stays fresh")
    check.add_argument("--timeout", type=float, default=10,
                       help="seconds to wait for one read; a link takes at most three times this in all")
    check.add_argument("--concurrency", type=int, default=8, help="requests at once (per host at most 2)")
    check.set_defaults(func=cmd_check)
    tr = sub.add_parser("translated", help="record that translations are up to date with their original (Finnish)")
    tr.add_argument("files", nargs="+", help="translation files, e.g. docs/faq.en.md")
    tr.add_argument("--root", default=".")
    tr.add_argument("--lang", choices=languages, help="the language of the messages (default: from the locale)")
    tr.set_defaults(func=cmd_translated)
    new = sub.add_parser("new-card", help="scaffold a practice card in every language of the handbook")
    new.add_argument("--slug", help="the card's id: lowercase a-z, digits and hyphens")
    new.add_argument("--organisation", help="the organisation running the practice")
    new.add_argument("--municipality", help="the municipality, if a source names it")
    new.add_argument("--source", help="the key of the card's source (make new-source prints it)")
    new.add_argument("--lang", choices=languages, default=None, help="message language")
    new.add_argument("--root", default=".")
    new.add_argument("--no-input", action="store_true", help="never ask; missing values become placeholders")
    new.set_defaults(func=cmd_new_card)
    src = sub.add_parser("new-source", help="add a source (web page, report or article) to bibliography/sources.bib")
    src.add_argument("--type", help="web, report or article")
    src.add_argument("--key", help="the key to cite it by, e.g. pori2024perhetyo (default: made from author, year, title)")
    src.add_argument("--title", help="the title as the source gives it")
    src.add_argument("--author", help="people: 'Surname, First' (several separated by ;)")
    src.add_argument("--org", help="an organisation as the author, e.g. 'Porin kaupunki'")
    src.add_argument("--date", help="YYYY or YYYY-MM-DD")
    src.add_argument("--url", help="the web address (https://…)")
    src.add_argument("--publisher", help="publisher or institution (a report: default the organisation)")
    src.add_argument("--journal", help="an article's journal or magazine")
    src.add_argument("--volume", help="an article's volume")
    src.add_argument("--number", help="an article's issue number")
    src.add_argument("--pages", help="an article's pages, e.g. 12-19")
    src.add_argument("--titletranslation", help="the title in English (the English bibliography shows it in brackets)")
    src.add_argument("--note", help="the editors' note in Finnish: what the source does not give, what is inferred")
    src.add_argument("--notetranslation", help="the editors' note in English")
    src.add_argument("--lang", choices=languages, default=None, help="message language")
    src.add_argument("--root", default=".")
    src.set_defaults(func=cmd_new_source)
    cms = sub.add_parser("cms-config", help="print the editing page's CMS configuration (/admin/config.yml)")
    cms.add_argument("--lang", choices=languages, default=None, help="the page's language (default: the handbook's first)")
    cms.add_argument("--proxy", default="http://127.0.0.1:8081/api/v1", help="the local backend's address")
    cms.add_argument("--root", default=".")
    cms.set_defaults(func=cmd_cms_config)
    sch = sub.add_parser("schema", help="write schema/card.schema.json from the code")
    sch.add_argument("--output", default=str(schema.SCHEMA_PATH))
    sch.set_defaults(func=cmd_schema)
    syn = sub.add_parser("synth", help="write a synthetic handbook project (outside docs/)")
    syn.add_argument("--cards", type=int, default=100)
    syn.add_argument("--seed", type=int, default=1)
    syn.add_argument("--out", required=True)
    syn.set_defaults(func=cmd_synth)
    ben = sub.add_parser("bench", help="benchmark the build against stock Material; exit 1 when a budget is missed")
    ben.add_argument("--sizes", default="100,500,2000", help="card counts, comma-separated")
    ben.add_argument("--repeat", type=int, default=5,
                     help="builds of each kind per engine up to 500 cards, interleaved; the fastest counts")
    ben.add_argument("--repeat-large", type=int, default=None,
                     help="the same above 500 cards (default 3, or --repeat when that is fewer)")
    ben.add_argument("--engines", default=",".join(ENGINES), help="engines, the main one first (default: %(default)s)")
    ben.add_argument("--preview-at", default="2000", help="sizes at which to time edit-to-preview (make serve)")
    ben.add_argument("--stock-at", default="500", help="sizes at which to run the stock auto-nav build too (extras)")
    ben.add_argument("--no-extras", dest="extras", action="store_false",
                     help="only the budgets' builds and edit-to-preview: no check, lychee, query or auto-nav")
    ben.add_argument("--json", default="bench-results/bench.json")
    ben.add_argument("--workdir", default=None, help="where to generate the sites (default: a temporary folder)")
    ben.set_defaults(func=cmd_bench)
    return p


def _user_cache() -> Path:
    """The user's cache folder for the handbook (``$XDG_CACHE_HOME/handbook``, else ``~/.cache/handbook``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "handbook"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 2


if __name__ == "__main__":
    sys.exit(main())
