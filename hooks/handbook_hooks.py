"""The MkDocs (and ProperDocs) hooks of the handbook: every event goes to one object.

:data:`HOOKS` holds all the handbook's state for the life of the process, as a plugin instance
would (:class:`handbook.engine.plugin.HandbookHooks`); each function below only forwards an event.
"""

from mkdocs.plugins import event_priority

from handbook.engine.plugin import HandbookHooks

HOOKS = HandbookHooks()


def on_startup(command, dirty):
    HOOKS.on_startup(command, dirty)


def on_config(config):
    return HOOKS.on_config(config)


def on_serve(server, config, builder):
    return HOOKS.on_serve(server, config, builder)


@event_priority(-100)  # after mkdocs-static-i18n has sorted the files by language
def on_files(files, config):
    return HOOKS.on_files(files, config)


def on_page_markdown(markdown, page, config, files):
    return HOOKS.on_page_markdown(markdown, page, config)


def on_page_content(html, page, config, files):
    return HOOKS.on_page_content(html, page, config)


@event_priority(-100)  # after mkdocs-static-i18n has set this page's language alternates
def on_page_context(context, page, config, nav):
    return HOOKS.on_page_context(context, page, config)


def on_post_page(output, page, config):
    return HOOKS.on_post_page(output, page)


def on_template_context(context, template_name, config):
    return HOOKS.on_template_context(context, template_name, config)


def on_post_template(output_content, template_name, config):
    return HOOKS.on_post_template(output_content, template_name, config)


def on_env(env, config, files):
    return HOOKS.on_env(env, config)


def on_post_build(config):
    HOOKS.on_post_build(config)


def on_build_error(error):
    HOOKS.on_build_error(error)
