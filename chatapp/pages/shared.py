"""The public, read-only page of a shared conversation (/share/<token>); no login, nothing editable."""

from __future__ import annotations

import reflex as rx

from chatapp.components.layout import APP_NAME, brand
from chatapp.components.markdown import markdown
from chatapp.state.shared import SharedMessageView, SharedState

GONE_MESSAGE = "This link is no longer available."


def _try_link(**props) -> rx.Component:
    """The way in for a visitor: a link styled as a button (a button inside a link is not valid HTML)."""
    return rx.link(f"Try {APP_NAME}", href="/signup", underline="none", weight="medium", size="2",
                   color="white", background=rx.color("teal", 9), padding="6px 14px", border_radius="8px",
                   white_space="nowrap", class_name="try-chatapp", **props)


def _header() -> rx.Component:
    return rx.hstack(
        rx.link(brand("4"), href="/", underline="none", color="inherit"),
        rx.spacer(),
        _try_link(id="try-chatapp"),
        align="center",
        padding_x="16px",
        padding_y="12px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        width="100%",
    )


def _user_message(message: SharedMessageView) -> rx.Component:
    return rx.box(
        rx.text(message.content, white_space="pre-wrap", overflow_wrap="anywhere"),
        background=rx.color("teal", 3),
        padding="10px 14px",
        border_radius="14px",
        max_width="85%",
        margin_left="auto",
        class_name="shared-message-user",
    )


def _assistant_message(message: SharedMessageView) -> rx.Component:
    return rx.box(
        # Raw HTML stays text: this page shows one person's conversation to anyone with the link.
        markdown(message.content),
        rx.text(message.meta, size="1", color_scheme="gray"),
        max_width="100%",
        overflow_x="auto",
        class_name="shared-message-assistant",
    )


def _message(message: SharedMessageView) -> rx.Component:
    return rx.cond(message.role == "user", _user_message(message), _assistant_message(message))


def _conversation() -> rx.Component:
    return rx.vstack(
        rx.vstack(
            rx.heading(SharedState.title, size="6", id="shared-title", overflow_wrap="anywhere"),
            rx.hstack(
                rx.badge(rx.icon("eye", size=12), "Shared conversation · read-only", color_scheme="teal",
                         variant="soft", id="shared-badge"),
                rx.text(SharedState.started, size="1", color_scheme="gray"),
                align="center",
                spacing="2",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        rx.foreach(SharedState.messages, _message),
        rx.center(
            rx.vstack(
                rx.text("Have your own conversations, with the cost of every answer shown.", size="2",
                        color_scheme="gray", text_align="center"),
                _try_link(),
                align="center",
                spacing="2",
            ),
            padding_y="24px",
            border_top=f"1px solid {rx.color('gray', 4)}",
            width="100%",
        ),
        spacing="5",
        width="100%",
        id="shared-conversation",
    )


def _gone() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("link-2-off", size=36, color=rx.color("gray", 9)),
            rx.heading(GONE_MESSAGE, size="5", text_align="center", id="shared-gone"),
            rx.text("The owner may have stopped sharing this conversation.", size="2", color_scheme="gray",
                    text_align="center"),
            _try_link(),
            align="center",
            spacing="3",
        ),
        padding_y="15vh",
        width="100%",
    )


def shared_page() -> rx.Component:
    return rx.vstack(
        _header(),
        rx.box(
            rx.match(
                SharedState.status,
                ("found", _conversation()),
                ("gone", _gone()),
                rx.center(rx.spinner(size="3"), padding_y="15vh", width="100%"),
            ),
            width="100%",
            max_width="820px",
            margin_x="auto",
            padding="16px",
        ),
        spacing="0",
        min_height="100vh",
        width="100%",
    )
