"""The editing page ``/admin/`` (Decap CMS): its configuration is generated from the card schema.

Every field of :data:`handbook.content.schema.FIELDS` becomes a field of the CMS's form, from the
same JSON Schema fragment the build validates ``card.yml`` against (:func:`widget`): a pattern
stays the same pattern, a vocabulary becomes a choice with its labels in the page's language, a
text in every language becomes one sub-field per language side by side, a source key a choice of
the bibliography's keys. So the form and the schema cannot disagree (``tests/test_cms.py`` checks it).

A card is two entries of the CMS, in the files an editor would write by hand: its facts
(``docs/cards/<slug>/card.yml``, collection ``cards``) and its text (``index.<lang>.md``, collection
``texts``, the languages side by side). The CMS saves through its editorial workflow: each entry is
a branch and, on GitHub, a pull request (open authoring: a fork's, for editors without write access).

The page, its configuration and the CMS's script (copied from ``node_modules/decap-cms``, installed
under ``package-lock.json``) are written after the pages (:func:`write`): they are no page of the
handbook, so no search index, sitemap or feed lists them. The page has its own
Content-Security-Policy (:func:`policy`): the CMS's script, its styles, and the git host's API.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from handbook import ROOT, i18n
from handbook.content import cards as cardsmod
from handbook.content import knowledge, personal, schema
from handbook.content.schema import Field, JsonSchema

log = logging.getLogger("mkdocs.plugins.handbook")

#: the CMS's script, as npm installs it (``package.json``)
DECAP_DIST = ROOT / "node_modules" / "decap-cms" / "dist"
DECAP_SCRIPT = "decap-cms.js"
#: the git host's API that the page may talk to (the GitHub backend)
GIT_HOST_API = "https://api.github.com"
#: where the CMS's local backend (``decap-server``) listens unless told otherwise
LOCAL_PROXY = "http://127.0.0.1:8081/api/v1"
#: the fields whose values are source keys: a choice of the bibliography's keys
SOURCE_KEY_FIELDS = ("sources", "knowledge.source")
#: the text fields a person could write an e-mail address or phone number into
PRIVATE_TEXT = ("name", "contact.role", "body", "research_partners", "municipalities")

Config = dict[str, Any]


def private_pattern() -> str:
    """A JavaScript pattern that a text matches only when it holds no e-mail address and no phone
    number: the privacy check's own patterns (:mod:`handbook.content.personal`), negated."""
    email = personal.EMAIL.pattern.replace("[a-z]{2,}", "[a-zA-Z]{2,}").replace("(?:ät|at)", "(?:[äÄ][tT]|[aA][tT])")
    return r"^(?![\s\S]*(?:" + email + "|" + personal.PHONE_HINT.pattern + r"))[\s\S]*$"


def _label(path: str, lang: str) -> str:
    return i18n.text("cms.labels", path, lang) if "." not in path else i18n.text("cms", path.rsplit(".", 1)[1], lang)


def _choices(values: Mapping[str, Mapping[str, str]], lang: str) -> list[dict[str, str]]:
    return [{"label": labels.get(lang, key), "value": key} for key, labels in values.items()]


def _texts_fields(langs: Sequence[str], lang: str, path: str) -> list[Config]:
    """One sub-field per language: a text given in every language, side by side."""
    out = []
    for code in langs:
        field: Config = {"name": code, "label": i18n.text("cms", f"lang_{code}", lang), "widget": "string"}
        if path in PRIVATE_TEXT:
            field["pattern"] = [private_pattern(), i18n.text("cms", "private", lang)]
        out.append(field)
    return out


def _is_texts(fragment: JsonSchema, langs: Sequence[str]) -> bool:
    """Whether ``fragment`` is a text in every language (:func:`handbook.content.schema.texts`)."""
    return fragment.get("type") == "object" and set(fragment.get("properties", {})) == set(langs) \
        and set(fragment.get("required", ())) == set(langs)


def widget(path: str, fragment: JsonSchema, required: bool, lang: str, langs: Sequence[str],
           keys: Sequence[str], help_text: str = "") -> Config:
    """The CMS field of one schema fragment (``path``: ``contact.role``), in ``lang``."""
    name = path.rsplit(".", 1)[-1]
    out: Config = {"name": name, "label": _label(path, lang), "required": required}
    if help_text:
        out["hint"] = help_text
    if schema.is_name(fragment) or _is_texts(fragment, langs):  # a name or a text: one sub-field per language
        out.update(widget="object", fields=_texts_fields(langs, lang, path))
    elif fragment.get("type") == "object":
        props, inner = fragment["properties"], set(fragment.get("required", ()))
        out.update(widget="object", fields=[widget(f"{path}.{key}", sub, key in inner, lang, langs, keys)
                                            for key, sub in props.items()])
    elif fragment.get("type") == "array":
        items = fragment.get("items", {})
        if "enum" in items:
            out.update(widget="select", multiple=True, options=_choices(_values(path, items), lang))
        elif path in SOURCE_KEY_FIELDS:
            out.update(widget="select", multiple=True, options=list(keys))
        elif schema.is_name(items):
            out.update(widget="list", fields=_texts_fields(langs, lang, path),
                       label_singular=i18n.text("cms", "name_item", lang))
        else:  # one input per item (Decap's comma-separated list input drops the spaces as one types)
            out.update(widget="list", field={"name": "item", "label": out["label"], "widget": "string"})
        if fragment.get("minItems"):
            out["min"] = fragment["minItems"]
        elif required:  # the key is required, the list may be empty: the form writes [] (filled: optional)
            out.update(required=False, default=[])
    elif "enum" in fragment:
        out.update(widget="select", options=_choices(_values(path, fragment), lang))
    elif path in SOURCE_KEY_FIELDS:
        out.update(widget="select", options=list(keys))
    else:
        out["widget"] = "string"
        if "pattern" in fragment:
            out["pattern"] = [fragment["pattern"], i18n.text("cms", "pattern", lang, help=help_text or out["label"])]
        elif path in PRIVATE_TEXT:
            out["pattern"] = [private_pattern(), i18n.text("cms", "private", lang)]
    return out


def _values(path: str, fragment: JsonSchema) -> Mapping[str, Mapping[str, str]]:
    """The vocabulary of an enumerated field, with its labels (the key itself when it has none)."""
    top = path.split(".", 1)[0]
    vocabulary = schema.LABELLED.get(top)
    if vocabulary is None and top == "knowledge":
        vocabulary = knowledge.TYPES
    enum = fragment.get("enum") or fragment.get("items", {}).get("enum", ())
    return {key: (vocabulary or {}).get(key, {}) for key in enum}


def card_fields(lang: str, langs: Sequence[str], keys: Sequence[str]) -> list[Config]:
    """The form of ``card.yml``: one CMS field per :data:`handbook.content.schema.FIELDS`, in order."""
    out = []
    for f in schema.FIELDS:
        fragment = schema.card_schema(tuple(langs))["properties"][f.name]
        out.append(widget(f.name, fragment, f.required, lang, langs, keys, f.help(lang)))
    return out


def _text_fields(lang: str) -> list[Config]:
    sections = ", ".join(f"## {title}" for title in cardsmod.sections(lang))
    return [{"name": "body", "label": i18n.text("cms", "body", lang), "widget": "text", "i18n": True,
             "hint": i18n.text("cms", "body_hint", lang, sections=sections),
             "pattern": [private_pattern(), i18n.text("cms", "private", lang)]}]


def github_repo(repo_url: str) -> str:
    """``owner/name`` of a GitHub address (``mkdocs.yml``'s ``repo_url``), else ""."""
    found = re.match(r"^https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?$", repo_url or "")
    return found.group(1) if found else ""


def backend(repo: str, branch: str = "main") -> Config:
    """The git host: GitHub, with open authoring (a fork's pull request) for editors without write access."""
    return {"name": "github", "repo": repo or "OWNER/REPO", "branch": branch, "open_authoring": True,
            "use_graphql": False}


def cms_config(lang: str, langs: Sequence[str], keys: Iterable[str], repo: str = "",
               proxy: str = LOCAL_PROXY) -> Config:
    """The CMS's ``config.yml`` for the page in ``lang``: the card's facts and its text, saved through the
    editorial workflow; on ``localhost`` the CMS talks to its local backend at ``proxy`` instead."""
    keys = sorted(keys)
    default = langs[0]
    return {
        "backend": backend(repo),
        "local_backend": {"url": proxy, "allowed_hosts": ["127.0.0.1", "localhost"]},
        "publish_mode": "editorial_workflow",
        "locale": lang,
        "media_folder": "docs/assets/images",
        "public_folder": "/assets/images",
        "i18n": {"structure": "multiple_files", "locales": list(langs), "default_locale": default},
        "collections": [
            {"name": "cards", "label": i18n.text("cms", "facts", lang),
             "label_singular": i18n.text("cms", "facts_one", lang),
             "folder": "docs/cards", "path": "{{slug}}/card", "extension": "yml", "format": "yml",
             "create": True, "delete": False, "slug": "{{fields.id}}", "identifier_field": "id",
             "summary": "{{fields.id}}", "editor": {"preview": False}, "fields": card_fields(lang, langs, keys)},
            {"name": "texts", "label": i18n.text("cms", "texts", lang),
             "label_singular": i18n.text("cms", "texts_one", lang),
             "folder": "docs/cards", "extension": "md", "format": "frontmatter", "create": True, "delete": False,
             "i18n": True, "nested": {"depth": 2, "summary": "{{dirname}}"}, "editor": {"preview": False},
             "meta": {"path": {"widget": "string", "label": i18n.text("cms", "text_path", lang),
                               "index_file": "index", "hint": i18n.text("cms", "text_path_hint", lang)}},
             "fields": _text_fields(lang)},
        ],
    }


def policy(proxy: str = LOCAL_PROXY) -> str:
    """The page's own Content-Security-Policy: the CMS's script and styles from the site, the git host's
    API, and the local backend (which the CMS uses only when the page is opened on ``localhost``)."""
    origin = re.match(r"^https?://[^/]+", proxy)
    local = f" {origin.group(0)}" if origin else ""
    return ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob: https://avatars.githubusercontent.com; font-src 'self' data:; "
            f"connect-src 'self' {GIT_HOST_API}{local}; worker-src 'self' blob:; frame-src 'none'; "
            "object-src 'none'; base-uri 'self'; form-action 'none'")


def page(lang: str, proxy: str = LOCAL_PROXY) -> str:
    """The editing page's HTML in ``lang``: kept out of search engines, no inline script."""
    title = i18n.text("cms", "title", lang)
    return (f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{policy(proxy)}">\n'
            '<meta name="robots" content="noindex, nofollow">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{title}</title>\n<link rel="stylesheet" href="admin.css">\n</head>\n<body>\n<noscript>{i18n.text("cms", "noscript", lang)}</noscript>\n'
            f'<script src="{DECAP_SCRIPT}"></script>\n<script src="admin.js"></script>\n</body>\n</html>\n')


#: ``admin.css``: where the CMS's own colours fall short of WCAG AA's contrast (axe-core, the browser
#: test), a darker shade of the same colour; Decap names its styled elements in its class names
STYLE = """/* Generated by the handbook's build (handbook.publish.admin); do not edit. */
[class*="textBadgeDanger"], [class*="ControlTopbar"] li { color: #c4002d !important; }
.Toastify__toast--error { background: #c0392b !important; }
"""


def script(lang: str) -> str:
    """``admin.js``: the CMS's own words in ``lang`` (the catalogs' ``cms_ui``), registered before it starts."""
    phrases = i18n.catalog(lang).get("cms_ui", {})
    return (f"// Generated by the handbook's build (handbook.publish.admin); do not edit.\n"
            f"CMS.registerLocale({json.dumps(lang)}, {json.dumps(phrases, ensure_ascii=False, indent=1)});\n")


def assets() -> list[str]:
    """The CMS's files the page loads: its script and the chunks it loads later (no source maps)."""
    return [DECAP_SCRIPT, *sorted(p.name for p in DECAP_DIST.glob("*.decap-cms.js")),
            *sorted(p.name for p in DECAP_DIST.glob("*.wasm"))]


def available() -> bool:
    """Whether the CMS is installed (``npm ci``)."""
    return (DECAP_DIST / DECAP_SCRIPT).is_file()


def folder(lang: str, default: str) -> str:
    """The page's folder in the site: ``admin`` for the default language, ``en/admin`` for English."""
    return "admin" if lang == default else f"{lang}/admin"


def write(site_dir: Path, langs: Sequence[str], keys: Iterable[str], repo: str = "", proxy: str = LOCAL_PROXY) -> list[str]:
    """Write ``/admin/`` (and ``/<lang>/admin/`` for the other languages) into ``site_dir``; the folders written."""
    if not available():
        log.info("the editing page /admin/ is left out: the CMS is not installed (npm ci)")
        return []
    keys = sorted(keys)
    written = []
    for lang in langs:
        target = site_dir / folder(lang, langs[0])
        target.mkdir(parents=True, exist_ok=True)
        for name in assets():
            shutil.copyfile(DECAP_DIST / name, target / name)
        config = cms_config(lang, langs, keys, repo, proxy)
        (target / "config.yml").write_text(
            "# Generated from the card schema by the handbook's build (handbook.publish.admin); do not edit.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
        (target / "index.html").write_text(page(lang, proxy), encoding="utf-8")
        (target / "admin.js").write_text(script(lang), encoding="utf-8")
        (target / "admin.css").write_text(STYLE, encoding="utf-8")
        written.append(folder(lang, langs[0]))
    return written


def field_names(config: Config) -> list[str]:
    """The names of the ``cards`` collection's top-level fields (the tests compare them with the schema)."""
    return [f["name"] for f in config["collections"][0]["fields"]]


__all__ = ["Field", "card_fields", "cms_config", "policy", "page", "private_pattern", "widget", "write"]
