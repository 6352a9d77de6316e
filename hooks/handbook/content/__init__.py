"""The content model and its loading: cards, pages, the bibliography, figures, glossary, schema.

Everything here reads the sources under ``docs/`` and ``bibliography/`` into plain objects
(:class:`handbook.content.handbook.Handbook`) and reports what is wrong with them as
findings. Nothing here writes HTML or knows MkDocs.
"""
