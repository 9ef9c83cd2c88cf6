def register():
    """Pelican's entry point. The plugin, and with it Pelican, is imported only here:
    the package's other modules also serve the search index's own process, which
    never loads Pelican (some 30 MB)."""
    from .plugin import register as plugin_register

    plugin_register()
