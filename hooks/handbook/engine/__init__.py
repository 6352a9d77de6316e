"""The only part that knows the publishing engine (MkDocs or ProperDocs, and mkdocs-static-i18n).

:mod:`handbook.engine.plugin` turns the engine's events into calls on one build object; the
rest of the package works on plain data and text.
"""
