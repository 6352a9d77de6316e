"""HTML and Markdown for the pages: the card parts, the generated pages and the references.

The HTML comes from Jinja2 templates (``render/templates/``) with autoescaping on; the code
here fills them from the content model (:mod:`handbook.content`).
"""
