"""Reflex configuration. App settings live in chatapp/settings.py (env / .env), not here."""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

config = rx.Config(
    app_name="chatapp",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(
        theme=rx.theme(accent_color="teal", gray_color="slate", radius="large"))],
    # No sitemap: every page but log-in is private.
    disable_plugins=[SitemapPlugin],
)
