"""The log-in page."""

from __future__ import annotations

import reflex as rx

from chatapp.components.layout import auth_frame, brand, error_callout, text_field
from chatapp.state.auth_forms import AuthFormState


def login_page() -> rx.Component:
    return auth_frame(
        brand(),
        rx.vstack(
            rx.heading("Welcome back", size="6"),
            rx.text("Log in to continue your conversations.", color_scheme="gray", size="2"),
            spacing="1",
        ),
        rx.form(
            rx.vstack(
                error_callout(AuthFormState.error),
                text_field("Email", "email", type="email", placeholder="you@example.com",
                           auto_complete="email"),
                text_field("Password", "password", type="password", auto_complete="current-password"),
                rx.button("Log in", type="submit", size="3", width="100%", id="login-submit",
                          loading=AuthFormState.submitting),
                spacing="4",
                width="100%",
            ),
            on_submit=AuthFormState.log_in,
            reset_on_submit=False,
            no_validate=True,
            # Before hydration a native submit must never put the password in a URL.
            method="post",
            width="100%",
        ),
        rx.text("New here? ", rx.link("Create an account", href="/signup", id="to-signup"),
                size="2", color_scheme="gray"),
    )
