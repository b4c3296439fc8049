"""Transparency: publish a council's figures from data/ as pages, charts, tables and downloads."""

from pelican import signals

from . import pelican_hooks


def register():
    # Only connect signals here: Pelican swallows exceptions raised in register().
    signals.initialized.connect(pelican_hooks.load_data)
    signals.article_generator_preread.connect(pelican_hooks.start_chart_images)
    signals.readers_init.connect(pelican_hooks.use_figures_reader)
    signals.content_object_init.connect(pelican_hooks.resolve_site_links)
    signals.all_generators_finalized.connect(pelican_hooks.stop_on_content_problems)
    signals.get_generators.connect(pelican_hooks.add_generator)
    signals.get_writer.connect(pelican_hooks.use_carrying_writer)
    signals.finalized.connect(pelican_hooks.report_build)
