"""The editing page /admin/ (Decap CMS): its configuration is the card schema's, field for field.

The form is generated from :data:`handbook.content.schema.FIELDS`; these tests walk the JSON Schema
and the CMS configuration side by side, so a field, a pattern, a choice or a required flag that
one has and the other has not fails here. The browser test is ``tests/test_cms_browser.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from handbook import i18n
from handbook.content import personal, schema
from handbook.publish import admin
from helpers import cli

LANGS = ("fi", "en")
KEYS = ("alpha2020", "beta2021")


def walk(fragment: dict[str, Any], field: dict[str, Any], path: str, required: bool) -> Iterator[tuple[str, str]]:
    """Every disagreement between a schema fragment and its CMS field, as (path, what)."""
    if field["name"] != path.rsplit(".", 1)[-1]:
        yield path, f"name {field['name']}"
    # a list that may be empty is filled in as optional and written as [] (its key is still there)
    may_be_empty = fragment.get("type") == "array" and not fragment.get("minItems")
    if field.get("required", True) != (required and not may_be_empty):
        yield path, f"required {field.get('required', True)} (schema: {required})"
    if may_be_empty and required and field.get("default") != []:
        yield path, "an empty list is not written"
    if schema.is_name(fragment) or (fragment.get("type") == "object" and set(fragment.get("required", ()))
                                    == set(fragment.get("properties", {})) == set(LANGS)):
        if field["widget"] != "object" or [f["name"] for f in field["fields"]] != list(LANGS):
            yield path, "not one sub-field per language"
        return
    if fragment.get("type") == "object":
        props = fragment["properties"]
        names = [f["name"] for f in field["fields"]]
        if names != list(props):
            yield path, f"sub-fields {names} (schema: {list(props)})"
        inner = set(fragment.get("required", ()))
        for sub, sub_field in zip(props.items(), field["fields"], strict=False):  # a missing one: told above
            yield from walk(sub[1], sub_field, f"{path}.{sub[0]}", sub[0] in inner)
        return
    if fragment.get("type") == "array":
        items = fragment["items"]
        if fragment.get("minItems") and field.get("min") != fragment["minItems"]:
            yield path, f"min {field.get('min')} (schema: {fragment['minItems']})"
        if "enum" in items or path in admin.SOURCE_KEY_FIELDS:
            if field["widget"] != "select" or not field.get("multiple"):
                yield path, "not a multiple choice"
        elif schema.is_name(items):
            if field["widget"] != "list" or [f["name"] for f in field["fields"]] != list(LANGS):
                yield path, "not a list of names per language"
            return
        elif field["widget"] != "list" or field["field"]["widget"] != "string":
            yield path, "not a list of texts"
        fragment = items
    allowed = fragment.get("enum")
    if allowed is not None:
        values = [o["value"] if isinstance(o, dict) else o for o in field["options"]]
        if values != allowed:
            yield path, f"choices {values} (schema: {allowed})"
    elif path in admin.SOURCE_KEY_FIELDS:
        if field["options"] != sorted(KEYS):
            yield path, f"source keys {field['options']}"
    elif "pattern" in fragment:
        if field.get("pattern", [None])[0] != fragment["pattern"]:
            yield path, f"pattern {field.get('pattern')} (schema: {fragment['pattern']})"


@pytest.mark.parametrize("lang", LANGS)
def test_every_schema_field_is_in_the_form_with_its_type_required_flag_pattern_and_choices(lang):
    card_schema = schema.card_schema(LANGS)
    config = admin.cms_config(lang, LANGS, KEYS)
    fields = config["collections"][0]["fields"]
    assert admin.field_names(config) == list(card_schema["properties"])
    problems = [problem for (name, fragment), field in zip(card_schema["properties"].items(), fields, strict=True)
                for problem in walk(fragment, field, name, name in card_schema["required"])]
    assert problems == []


def test_the_walk_finds_a_field_that_disagrees_with_the_schema():
    """The comparison above can fail: a changed pattern, a missing choice and a dropped field are found."""
    card_schema = schema.card_schema(LANGS)
    fields = admin.cms_config("fi", LANGS, KEYS)["collections"][0]["fields"]
    by_name = {f["name"]: f for f in fields}
    by_name["id"]["pattern"] = ["^.*$", "x"]
    by_name["status"]["options"] = by_name["status"]["options"][:-1]
    by_name["contact"]["fields"] = by_name["contact"]["fields"][:-1]
    found = [path for (name, fragment), field in zip(card_schema["properties"].items(), fields, strict=True)
             for path, _ in walk(fragment, field, name, name in card_schema["required"])]
    assert {"id", "status", "contact"} <= set(found)


@pytest.mark.parametrize("lang", LANGS)
def test_every_field_has_its_label_and_help_in_the_page_language(lang):
    fields = admin.cms_config(lang, LANGS, KEYS)["collections"][0]["fields"]
    for f, field in zip(schema.FIELDS, fields, strict=True):
        assert field["label"] == i18n.text("cms.labels", f.name, lang)
        assert field["hint"] == f.help(lang)
    other = "en" if lang == "fi" else "fi"
    assert [f["label"] for f in fields] != [f["label"] for f in admin.cms_config(other, LANGS, KEYS)
                                            ["collections"][0]["fields"]]


def test_vocabularies_are_choices_with_their_finnish_names():
    fields = {f["name"]: f for f in admin.cms_config("fi", LANGS, KEYS)["collections"][0]["fields"]}
    assert {"label": "Käynnissä", "value": "ongoing"} in fields["status"]["options"]
    assert {"label": "Päijät-Häme", "value": "paijat-hame"} in fields["region"]["options"]
    knowledge = {f["name"]: f for f in fields["knowledge"]["fields"]}
    assert [o["value"] for o in knowledge["type"]["options"]] == list(schema.knowledge.TYPES)
    assert all(o["label"] != o["value"] for o in fields["approaches"]["options"])


def test_the_text_is_edited_in_every_language_side_by_side_and_saved_as_a_pull_request():
    config = admin.cms_config("fi", LANGS, KEYS)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["open_authoring"] is True
    assert config["i18n"] == {"structure": "multiple_files", "locales": list(LANGS), "default_locale": "fi"}
    texts = config["collections"][1]
    assert texts["i18n"] is True and texts["meta"]["path"]["index_file"] == "index"
    assert [f["name"] for f in texts["fields"]] == ["body"] and texts["fields"][0]["i18n"] is True


@pytest.mark.parametrize("text, ok", [
    ("Tavallinen teksti, jossa on vuosi 2018 ja 12 kuntaa.", True),
    ("Soita 040 123 4567", False),
    ("Ota yhteyttä matti.meikalainen@example.fi", False),
    ("matti (at) example.fi", False),
])
def test_the_privacy_pattern_refuses_what_the_privacy_check_refuses(text, ok):
    """The form's pattern (JavaScript) is made of the privacy check's patterns: they agree here (Python's
    ``re`` reads the same pattern; the browser test runs it in Chromium)."""
    assert bool(re.match(admin.private_pattern(), text)) is ok
    found = bool(personal.EMAIL.search(text) or personal.PHONE_HINT.search(text))
    assert found is not ok


def test_the_github_repository_is_read_from_the_repo_url():
    assert admin.github_repo("https://github.com/owner/kasikirja") == "owner/kasikirja"
    assert admin.github_repo("https://github.com/owner/kasikirja.git") == "owner/kasikirja"
    assert admin.github_repo("") == ""
    assert admin.cms_config("fi", LANGS, KEYS, "owner/kasikirja")["backend"]["repo"] == "owner/kasikirja"


def test_the_page_has_its_own_policy_allowing_only_the_site_and_the_git_hosts_api():
    html = admin.page("fi", "http://127.0.0.1:9999/api/v1")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    sources = {word for directive in policy.split(";") for word in directive.split()[1:]}
    hosts = {s for s in sources if "://" in s}
    assert hosts == {admin.GIT_HOST_API, "http://127.0.0.1:9999", "https://avatars.githubusercontent.com"}
    assert '<html lang="fi">' in html and 'name="robots" content="noindex' in html
    assert "<script>" not in html


def test_the_cms_config_command_prints_the_form_of_this_handbook(capsys):
    code, out, _ = cli(capsys, "cms-config", "--lang", "en")
    assert code == 0
    config = yaml.safe_load(out)
    assert config["locale"] == "en"
    assert admin.field_names(config) == list(schema.FIELD_NAMES)



def test_the_handbooks_own_build_writes_no_editing_page_unless_asked(site):
    """``/admin/`` is written only with ``extra.handbook.admin`` (``HANDBOOK_ADMIN=true``: the pages
    workflow, ``make admin``): the reader pages' build and its tests never see it."""
    assert not (site / "admin").exists() and not (site / "en" / "admin").exists()
