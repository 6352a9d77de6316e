"""The handbook's content checks, one module per rule family.

Each check takes the loaded :class:`~handbook.content.handbook.Handbook` and returns
:class:`~handbook.findings.Finding` objects; :func:`source_findings` runs the
checks on the sources (the build and ``handbook check`` both use it), and
:mod:`handbook.checks.html` checks the built site.
"""

from __future__ import annotations

from handbook.content.handbook import Handbook
from handbook.findings import Finding
from handbook.checks import allow, files, html, links, privacy, sourced, translations


def source_findings(hb: Handbook, generated: dict[str, dict[str, str]], downloads: frozenset[str] = frozenset()) -> list[Finding]:
    """The files allowed in ``docs/`` (:mod:`handbook.checks.files`), links, external-link policy, translations, privacy, HTML safety and the sources of the pages that
    promise one for every fact (:mod:`handbook.checks.sourced`), after the allow-list.

    ``generated``: the generated pages (:func:`handbook.render.generated.generated_sources`), link targets
    too; ``downloads``: the files written at the site root (:func:`handbook.publish.downloads.paths`).
    """
    found = [*files.scan(hb.root, hb.docs, hb.langs), *files.symlinks(hb.root), *files.collisions(hb, generated),
             *links.check(hb, generated, downloads),
             *translations.check(hb), *privacy.check(hb), *html.source_check(hb), *sourced.check(hb)]
    return allow.apply(hb.root, found)
