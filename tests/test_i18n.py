"""The language catalogs (hooks/handbook/locales/<lang>.yml): every language has every key, the same
{fields}, the plural and date forms its rules need; every message code the code uses is in them; a
language is added by adding its catalog."""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.dates import parse_pattern

from handbook import i18n
from handbook.content import cards, knowledge, regions, schema, vocab
from handbook.findings import finding, format_text
from handbook.publish import exports

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hooks" / "handbook"
LOCALES = PACKAGE / "locales"
CATALOG_FILES = sorted(LOCALES.glob("*.yml"))
#: where a text's forms are chosen by the ordinal rule, not the plural rule
ORDINAL = {"numbers.ordinal"}


def leaves(data: dict, prefix: str = "") -> dict[str, object]:
    """A catalog as dotted key → text (a text for a number, with its forms, is one entry)."""
    out: dict[str, object] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and not i18n.is_plural(value):
            out.update(leaves(value, path + "."))
        else:
            out[path] = value
    return out


def key_differences(catalogs: dict[str, dict]) -> list[str]:
    """Every key that one catalog (file name → data) has and another lacks, named with both files."""
    keys = {name: set(leaves(data)) for name, data in catalogs.items()}
    problems = []
    for name, mine in keys.items():
        for other, theirs in keys.items():
            problems += [f"{other} lacks {key} (in {name})" for key in sorted(mine - theirs)]
    return problems


def fields_of(value: object) -> set[str]:
    """The ``{fields}`` of a text (of all its forms, for a text for a number); ``{{``/``}}`` are braces."""
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(str(text)) if name is not None}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalogs() -> dict[str, dict]:
    assert len(CATALOG_FILES) >= 2, "the handbook has a catalog per language"
    return {path.name: load(path) for path in CATALOG_FILES}


def test_every_catalog_has_exactly_the_keys_of_every_other(catalogs):
    problems = key_differences(catalogs)
    assert not problems, "\n".join(problems)


def test_a_missing_or_an_extra_key_is_named_with_its_file(catalogs):
    first = next(iter(catalogs.values()))
    broken = yaml.safe_load(yaml.safe_dump(first))  # a copy
    del broken["messages"]["summary"]
    broken["ui"]["only-here"] = "x"
    problems = key_differences({"a.yml": first, "b.yml": broken})
    assert "b.yml lacks messages.summary (in a.yml)" in problems
    assert "a.yml lacks ui.only-here (in b.yml)" in problems
    assert len(problems) == 2


def test_a_texts_fields_are_the_same_in_every_language(catalogs):
    flat = {name: leaves(data) for name, data in catalogs.items()}
    first, *others = flat
    problems = [f"{name}: {key} has a brace that is not a field ({{{{ and }}}} are braces): {sorted(fields_of(value))}"
                for name, texts in flat.items() for key, value in texts.items()
                if not all(field.isidentifier() for field in fields_of(value))]
    for key, value in flat[first].items():
        for other in others:
            if key in flat[other] and fields_of(value) != fields_of(flat[other][key]):
                problems.append(f"{key}: {sorted(fields_of(value))} in {first}, "
                                f"{sorted(fields_of(flat[other][key]))} in {other}")
    assert not problems, "\n".join(problems)


def test_a_field_help_asks_for_its_values_in_a_form_there_is(catalogs):
    for name, data in catalogs.items():
        for key, text in data["fields"].items():
            specs = {spec for _, field, spec, _ in string.Formatter().parse(text) if field is not None}
            assert specs <= {"", *schema.Values.FORMS}, (name, key, specs)
    field = next(f for f in schema.FIELDS if f.values is not None)
    assert format(schema.Values(field.values, "en"), "keys") == ", ".join(field.values)
    with pytest.raises(ValueError):
        format(schema.Values(field.values, "en"), "nonsense")


def test_texts_for_a_number_have_the_forms_of_their_languages_rules(catalogs):
    problems = []
    for name, data in catalogs.items():
        locale = Locale.parse(Path(name).stem)
        for key, value in leaves(data).items():
            if not isinstance(value, dict):
                continue
            rule = locale.ordinal_form if key in ORDINAL else locale.plural_form
            needed = set(rule.tags) | {"other"}
            if set(value) != needed:
                problems.append(f"{name}: {key} has the forms {sorted(value)}, its rule needs {sorted(needed)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", i18n.available_languages())
def test_a_number_picks_its_form_by_the_languages_rule(lang):
    locale = Locale.parse(lang)
    plurals = {key: value for key, value in leaves(i18n.catalog(lang)).items()
               if isinstance(value, dict) and key not in ORDINAL and key.startswith("ui.")}
    assert plurals, "the catalog has texts for a number"
    for key, forms in plurals.items():
        for n in (0, 1, 2, 5, 11, 21, 101):
            expected = forms.get(locale.plural_form(n), forms["other"]).format(n=n)
            assert i18n.t(key.removeprefix("ui."), lang, n=n) == expected, (key, n)
    ordinal = i18n.catalog(lang)["numbers"]["ordinal"]
    for n in range(1, 125):
        assert i18n.ordinal(n, lang) == ordinal[locale.ordinal_form(n)].format(n=n), n


@pytest.mark.parametrize("lang", i18n.available_languages())
def test_dates_are_written_by_babel_in_the_catalogs_patterns(lang):
    locale = Locale.parse(lang)
    forms = i18n.catalog(lang)["dates"]
    assert {"short", "long", "month", "day_month"} <= set(forms)
    day = dt.date(2018, 5, 27)
    for form, pattern in forms.items():
        parse_pattern(str(pattern))  # a pattern Babel reads
        text = i18n.format_date(day, lang, form)
        assert ("2018" in text) == ("y" in str(pattern)), (form, text)
        if "MMMM" in str(pattern):
            assert locale.months["format"]["wide"][5] in text, (form, text)
        if "LLLL" in str(pattern):
            assert locale.months["stand-alone"]["wide"][5] in text, (form, text)


def _codes(tree: ast.AST) -> set[str]:
    """The message codes a module's syntax tree uses: ``finding(path, line, rule, code)``,
    ``message(code, …)``, ``TranslationError(code)`` and ``_refuse(code, …)``; a code in a variable
    is read from the variable's assignments in the same function, one in ``a if … else b`` from both."""
    def constants(node: ast.AST | None, scope: ast.AST) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return constants(node.body, scope) | constants(node.orelse, scope)
        if isinstance(node, ast.Name):
            return {c for a in ast.walk(scope) if isinstance(a, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == node.id for t in a.targets)
                    for c in constants(a.value, scope)}
        return set()

    found: set[str] = set()
    scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Module))]
    for scope in scopes:
        for call in ast.walk(scope):
            if not isinstance(call, ast.Call):
                continue
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            position = {"finding": 3, "message": 0, "TranslationError": 0, "_refuse": 0}.get(name)
            if position is None:
                continue
            given = call.args[position] if len(call.args) > position else next(
                (k.value for k in call.keywords if k.arg == "code"), None)
            found |= constants(given, scope)
    return found


def test_every_message_code_the_code_uses_is_in_the_catalogs(catalogs):
    used: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for code in _codes(tree):
            used.setdefault(code, path.relative_to(ROOT).as_posix())
        # the YAML reader's codes (handbook.content.yamlmap.explain returns them)
        used.update({node.value: path.relative_to(ROOT).as_posix() for node in ast.walk(tree)
                     if isinstance(node, ast.Constant) and isinstance(node.value, str)
                     and re.fullmatch(r"yaml-[a-z]+(-[a-z]+)*", node.value)})
    assert len(used) > 50, "the syntax tree gives the codes"  # the scan itself works
    for name, data in catalogs.items():
        missing = sorted(f"{code} (used in {where})" for code, where in used.items() if code not in data["messages"])
        assert not missing, f"{name} lacks the messages: " + ", ".join(missing)


def test_a_message_code_in_a_variable_or_a_choice_is_found():
    tree = ast.parse('def f(x):\n    code = "a-one" if x else "a-two"\n    return finding("p", 1, "r", code)\n'
                     'def g():\n    return message("b-three", {})\n')
    assert _codes(tree) == {"a-one", "a-two", "b-three"}


def test_a_parameter_per_language_fills_its_field_in_that_language():
    params = dict(finding("x.yml", 1, "card-schema", "field-enum", field="f", value="v",
                          **i18n.per_language(allowed=lambda lang: f"<{lang}>")).params)
    for lang in i18n.available_languages():
        text = i18n.message("field-enum", params, lang)
        assert f"<{lang}>" in text and not any(f"<{o}>" in text for o in i18n.available_languages() if o != lang)


def test_the_vocabularies_and_the_maps_areas_have_a_label_in_every_catalog(catalogs):
    vocabularies = [v for module in (vocab, knowledge) for v in vars(module).values() if isinstance(v, i18n.Vocabulary)]
    assert vocab.STATUS in vocabularies and knowledge.TYPES in vocabularies
    for name, data in catalogs.items():
        flat = leaves(data)
        for vocabulary in vocabularies:
            missing = [key for key in vocabulary if f"{vocabulary.section}.{key}" not in flat]
            assert not missing, f"{name} has no label in {vocabulary.section} for {missing}"
        for key, (labels, _, _) in regions.COUNTIES.items():
            assert f"{labels.section}.{key}" in flat, (name, key)


def test_languages_are_a_parameter_of_the_schemas_and_the_exports():
    langs = ("fi", "en", "sv")
    card = schema.card_schema(langs)["properties"]
    assert card["name"]["required"] == list(langs)
    assert card["contact"]["properties"]["role"]["required"] == list(langs)
    assert schema.is_names_list(card["organisations"]) and schema.is_name(card["contact"]["properties"]["organisation"])
    assert set(card["region"]["x-labels"][next(iter(vocab.REGIONS))]) == set(langs)
    assert "x-description-sv" in card["id"] and "x-description-en" not in card["id"]
    assert schema.card_schema() == schema.card_schema(i18n.LANGS)
    assert (ROOT / "schema" / "card.schema.json").read_text(encoding="utf-8") == schema.schema_json(("fi", "en"))
    columns = exports.csv_columns(langs)
    for column in ("name_sv", "organisations_sv", "contact_organisation_sv", "contact_role_sv", "summary_sv", "url_sv"):
        assert column in columns
    assert "organisations" in columns and "organisations_fi" not in columns


def test_a_card_name_without_one_of_the_languages_is_told_at_its_line():
    text = "name: {fi: Nimi, en: Name}\n"
    from handbook.content import yamlmap

    data, lines = yamlmap.load(text)
    found = cards.schema_findings(data, lines, "docs/cards/x/card.yml", cards.card_validator(("fi", "en", "sv")),
                                  ("fi", "en", "sv"))
    missing = [f for f in found if dict(f.params)["field"].endswith(".sv")]
    assert [(f.code, dict(f.params)["field"], f.line) for f in missing] == [("field-missing", "name.sv", 1)]
    assert not [f for f in cards.schema_findings(data, lines, "x", langs=("fi", "en")) if dict(f.params)["field"].startswith("name")]


def _package_copy(tmp_path: Path, swedish: bool) -> Path:
    """A copy of the package (never the package itself), with a Swedish catalog when ``swedish``."""
    target = tmp_path / "hooks"
    shutil.copytree(PACKAGE, target / "handbook", ignore=shutil.ignore_patterns("__pycache__"))
    if swedish:
        data = load(LOCALES / f"{i18n.FALLBACK}.yml")
        data["messages"]["summary"] = "Fel: {errors}, varningar: {warnings}."
        data["messages"]["severity-error"] = "fel"
        (target / "handbook" / "locales" / "sv.yml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                                encoding="utf-8")
    return target


def _run(hooks: Path, code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("HANDBOOK_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**clean, "PYTHONPATH": str(hooks), **env})


REPORT = ("from handbook import findings, i18n\n"
          "print(i18n.__file__)\n"
          "print(findings.default_lang())\n"
          "print(findings.format_text([findings.finding('a.md', 1, 'r', 'bib-uncited', key='k')]))\n")


def test_a_swedish_locale_picks_swedish_once_a_catalog_exists(tmp_path):
    with_sv = _package_copy(tmp_path / "with", swedish=True)
    out = _run(with_sv, REPORT, LANG="sv_SE.UTF-8")
    assert out.returncode == 0, out.stderr
    where, lang, *report = out.stdout.splitlines()
    assert where.startswith(str(with_sv)), "the copy of the package is the one imported"
    assert lang == "sv"
    assert "Fel: 1, varningar: 0." in report and any(": fel [r]" in line for line in report)
    cli = _run(with_sv, "from handbook.tools import cli; cli.parser().parse_args(['check', '--lang', 'sv'])")
    assert cli.returncode == 0, cli.stderr

    without = _package_copy(tmp_path / "without", swedish=False)
    out = _run(without, REPORT, LANG="sv_SE.UTF-8")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1] == i18n.FALLBACK  # no Swedish catalog: the fallback's language
    cli = _run(without, "from handbook.tools import cli; cli.parser().parse_args(['check', '--lang', 'sv'])")
    assert cli.returncode != 0 and "invalid choice" in cli.stderr


@pytest.mark.parametrize("lang", i18n.available_languages())
def test_the_locale_or_handbook_lang_picks_each_catalog_language(lang, monkeypatch):
    from handbook.findings import default_lang

    for var in ("HANDBOOK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", f"{lang}_{lang.upper()}.UTF-8")
    assert default_lang() == lang
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("HANDBOOK_LANG", lang)
    assert default_lang() == lang
    assert format_text([], lang) == i18n.message("summary", {"errors": "0", "warnings": "0"}, lang)
