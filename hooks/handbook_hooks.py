"""The MkDocs (and ProperDocs) hooks of the handbook: every event is forwarded to the adapter.

Thin on purpose: :mod:`handbook.engine.plugin` is the only code that knows the engine.
"""

from mkdocs.plugins import event_priority

from handbook.engine import plugin as build, preview


def on_startup(command, dirty):
    preview.on_startup(command)


def on_serve(server, config, builder):
    return preview.on_serve(server, config, builder)


def on_config(config):
    return build.on_config(config)


@event_priority(-100)  # after mkdocs-static-i18n has sorted the files by language
def on_files(files, config):
    return build.on_files(files, config)


def on_page_markdown(markdown, page, config, files):
    return build.on_page_markdown(markdown, page, config)


def on_page_content(html, page, config, files):
    return build.on_page_content(html, page, config)


@event_priority(-100)  # after mkdocs-static-i18n has set this page's language alternates
def on_page_context(context, page, config, nav):
    return build.on_page_context(context, page, config)


def on_post_page(output, page, config):
    return build.on_post_page(output, page)


def on_post_template(output_content, template_name, config):
    return build.safety.with_csp(output_content) if template_name.endswith(".html") else output_content


def on_env(env, config, files):
    build.on_env(config)
    return env


def on_post_build(config):
    build.on_post_build(config)
