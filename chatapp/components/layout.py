"""Page frames shared by every page: the brand mark, the auth card and the signed-in top bar."""

from __future__ import annotations

import reflex as rx

from chatapp.state.session import SessionState

APP_NAME = "Chatapp"


def brand(size: str = "5") -> rx.Component:
    return rx.hstack(
        rx.center(rx.icon("shield-check", size=18, color="white"),
                  background=rx.color("teal", 9), border_radius="8px", width="30px",
                  height="30px"),
        rx.heading(APP_NAME, size=size, weight="bold"),
        align="center",
        spacing="2",
    )


def auth_frame(*children: rx.Component) -> rx.Component:
    """A centred card on a soft background, for the log-in and sign-up pages."""
    return rx.center(
        rx.card(
            rx.vstack(*children, spacing="5", width="100%"),
            size="4",
            width="100%",
            max_width="420px",
        ),
        min_height="100vh",
        padding="16px",
        background=f"radial-gradient(circle at 20% 0%, {rx.color('teal', 3)}, {rx.color('gray', 2)} 60%)",
    )


def text_field(label: str, name: str, *, type: str = "text", placeholder: str = "",
               auto_complete: str = "", hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, as_="label", html_for=name, size="2", weight="medium"),
        rx.input(id=name, name=name, type=type, placeholder=placeholder,
                 auto_complete=auto_complete, size="3", width="100%"),
        rx.cond(hint != "", rx.text(hint, size="1", color_scheme="gray")),
        spacing="1",
        width="100%",
    )


def error_callout(message: rx.Var[str]) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="circle-alert", color_scheme="red", role="alert", width="100%",
                   id="form-error"),
    )


def top_bar(menu: rx.Component | None = None) -> rx.Component:
    return rx.hstack(
        *([menu] if menu is not None else []),
        rx.link(brand("4"), href="/chat", underline="none", color="inherit"),
        rx.spacer(),
        rx.badge(SessionState.tier_label, color_scheme="teal", variant="soft", size="2",
                 id="tier-badge"),
        rx.text(SessionState.email, size="2", color_scheme="gray", id="user-email",
                display=["none", "block"]),
        rx.link(rx.button(rx.icon("settings", size=16), rx.text("Settings", display=["none", "inline"]),
                          variant="soft", color_scheme="gray"), href="/settings", id="settings-link"),
        rx.button(rx.icon("log-out", size=16), rx.text("Log out", display=["none", "inline"]), variant="soft", color_scheme="gray",
                  on_click=SessionState.log_out, id="logout-button"),
        align="center",
        spacing="3",
        padding_x=["12px", "20px"],
        padding_y="12px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        width="100%",
    )


def icon_action(icon: str, label: str, on_click, **props) -> rx.Component:
    """A small ghost icon button with an accessible name and a tooltip (`data-tip`: one tooltip
    element for the whole page, chatapp/pages/chat_page.js, not a Radix tooltip per button)."""
    props = {"variant": "ghost", "color_scheme": "gray", "size": "1", **props}
    return rx.icon_button(rx.icon(icon, size=14), on_click=on_click, aria_label=label, data_tip=label, **props)
