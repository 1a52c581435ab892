"""The sign-up page."""

from __future__ import annotations

import reflex as rx

from chatapp.components.layout import auth_frame, brand, error_callout, text_field
from chatapp.services.auth import PASSWORD_MIN_LENGTH
from chatapp.state.auth_forms import AuthFormState


def signup_page() -> rx.Component:
    return auth_frame(
        brand(),
        rx.vstack(
            rx.heading("Create your account", size="6"),
            rx.text("Chat with capable models. Every request is cost-guarded: no surprise bills.",
                    color_scheme="gray", size="2"),
            spacing="1",
        ),
        rx.form(
            rx.vstack(
                error_callout(AuthFormState.error),
                text_field("Name (optional)", "display_name", placeholder="Ada Lovelace",
                           auto_complete="name"),
                text_field("Email", "email", type="email", placeholder="you@example.com",
                           auto_complete="email"),
                text_field("Password", "password", type="password", auto_complete="new-password",
                           hint=f"At least {PASSWORD_MIN_LENGTH} characters."),
                text_field("Repeat password", "password_confirm", type="password",
                           auto_complete="new-password"),
                rx.button("Create account", type="submit", size="3", width="100%",
                          id="signup-submit", loading=AuthFormState.submitting),
                spacing="4",
                width="100%",
            ),
            on_submit=AuthFormState.sign_up,
            reset_on_submit=False,
            no_validate=True,
            # Before hydration a native submit must never put the password in a URL.
            method="post",
            width="100%",
        ),
        rx.text("Already have an account? ", rx.link("Log in", href="/login", id="to-login"),
                size="2", color_scheme="gray"),
    )
