"""The settings page: profile, password, preferences, usage."""

from __future__ import annotations

import reflex as rx

from chatapp.components.layout import text_field, top_bar
from chatapp.state.session import SessionState
from chatapp.state.settings_page import SettingsState


def _section(title: str, *children: rx.Component, **props) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(title, size="4"), *children, spacing="3", width="100%"),
                   width="100%", **props)


def _notice(text, color: str = "green") -> rx.Component:
    return rx.cond(text != "", rx.text(text, size="2", color_scheme=color, role="status"))


def _select(name: str, value, options) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", id=name),
        rx.select.content(rx.foreach(options, lambda o: rx.select.item(o.label, value=o.id))),
        name=name, default_value=value, key=value, size="2",
    )


def settings_page() -> rx.Component:
    return rx.vstack(
        top_bar(),
        rx.vstack(
            rx.heading("Settings", size="7"),
            rx.cond(SettingsState.error != "",
                    rx.callout(SettingsState.error, icon="circle-alert", color_scheme="red", width="100%",
                               id="settings-error")),
            _section(
                "Usage",
                rx.text("Today: ", SettingsState.today, size="2", id="usage-today"),
                rx.text("This month: ", SettingsState.month, size="2", id="usage-month"),
                rx.text(SettingsState.level_message, size="2", color_scheme="gray"),
                rx.link("See plans", href="/pricing", size="2"),
            ),
            _section(
                "Profile",
                rx.text("Email: ", SessionState.email, size="2", color_scheme="gray"),
                rx.form(
                    rx.vstack(
                        rx.text("Name", as_="label", html_for="display_name", size="2", weight="medium"),
                        rx.input(name="display_name", id="display_name", default_value=SettingsState.display_name,
                                 key=SettingsState.display_name, max_length=100, width="100%"),
                        rx.hstack(rx.button("Save name", type="submit", id="save-profile"),
                                  _notice(SettingsState.profile_notice), align="center"),
                        width="100%",
                    ),
                    on_submit=SettingsState.save_profile, width="100%",
                ),
            ),
            _section(
                "Password",
                rx.form(
                    rx.vstack(
                        text_field("Current password", "current_password", type="password",
                                   auto_complete="current-password"),
                        text_field("New password", "new_password", type="password",
                                   auto_complete="new-password", hint="At least 8 characters."),
                        text_field("Repeat the new password", "confirm_password", type="password",
                                   auto_complete="new-password"),
                        _notice(SettingsState.password_error, "red"),
                        rx.hstack(rx.button("Change password", type="submit", id="change-password"),
                                  _notice(SettingsState.password_notice), align="center"),
                        width="100%",
                    ),
                    on_submit=SettingsState.change_password, reset_on_submit=False, width="100%",
                ),
            ),
            _section(
                "Preferences",
                rx.form(
                    rx.vstack(
                        rx.text("Model for new chats", size="2", weight="medium"),
                        _select("default_model", SettingsState.default_model, SettingsState.model_options),
                        rx.text("Answer style", size="2", weight="medium"),
                        _select("style", SettingsState.style, SettingsState.style_options),
                        rx.hstack(rx.button("Save preferences", type="submit", id="save-preferences"),
                                  _notice(SettingsState.preferences_notice), align="center"),
                        width="100%",
                    ),
                    on_submit=SettingsState.save_preferences, width="100%",
                ),
            ),
            rx.link("Back to chat", href="/chat"),
            spacing="4",
            padding=["16px", "24px"],
            width="100%",
            max_width="720px",
            margin_x="auto",
        ),
        spacing="0",
        width="100%",
    )
