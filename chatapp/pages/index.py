"""The root path: straight to the chat when signed in, otherwise to the log-in page."""

from __future__ import annotations

import reflex as rx


def index_page() -> rx.Component:
    return rx.center(rx.spinner(size="3"), min_height="100vh")
