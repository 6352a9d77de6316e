"""The handbook's shared logic: loading, validating and rendering content.

MkDocs hooks (``hooks/*.py``) and the command line (``handbook``) both import
this package; neither parses a source file on its own.
"""

from pathlib import Path

#: The repository root (the folder holding ``mkdocs.yml``).
ROOT = Path(__file__).resolve().parents[2]
