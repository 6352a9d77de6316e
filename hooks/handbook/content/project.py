"""What ``mkdocs.yml`` says about the project outside a build: its languages and the site's names.

The build gets these from the engine's configuration; ``handbook check``, the PDF books and the
tools read them here, so both see the same languages.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from handbook.i18n import DEFAULT_LANG, LANGS


class _EnvLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml``: an ``!ENV [NAME, default]`` tag gives the variable or its default; other
    tags (``!!python/name:…`` of Markdown extensions) are read as plain values."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
    else:
        values = [loader.construct_scalar(node)]  # type: ignore[arg-type]
    names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    return next((os.environ[str(name)] for name in names if os.environ.get(str(name))), default)


def _other(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


_EnvLoader.add_constructor("!ENV", _env)
_EnvLoader.add_multi_constructor("", _other)


def read_config(root: Path) -> dict[str, Any]:
    """``root/mkdocs.yml`` as data (empty when there is none or it cannot be read)."""
    path = root / "mkdocs.yml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_EnvLoader)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _i18n_languages(config: dict[str, Any]) -> list[dict[str, Any]]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            return [lang for lang in plugin["i18n"].get("languages") or [] if isinstance(lang, dict)]
    return []


def languages(config: dict[str, Any]) -> tuple[str, ...]:
    """The languages the site is built in, the default (Finnish, at the site root) first; the
    handbook's own pair when the configuration names none."""
    found = [str(lang.get("locale")) for lang in _i18n_languages(config) if lang.get("locale")]
    if DEFAULT_LANG not in found:
        return LANGS
    return (DEFAULT_LANG, *[lang for lang in found if lang != DEFAULT_LANG])


def site_names(config: dict[str, Any], langs: tuple[str, ...] | None = None) -> dict[str, str]:
    """Language → the site's name (the i18n plugin's per-language ``site_name``, else ``site_name``)."""
    default = str(config.get("site_name") or "Handbook")
    names = {str(lang["locale"]): str(lang.get("site_name") or default)
             for lang in _i18n_languages(config) if lang.get("locale")}
    return {lang: names.get(lang, default) for lang in (langs or languages(config))}
