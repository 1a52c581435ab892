"""The chat page (signed-in users only). The conversation UI arrives with the chat pipeline."""

from __future__ import annotations

import reflex as rx

from chatapp.components.layout import top_bar
from chatapp.state.session import SessionState


def chat_page() -> rx.Component:
    return rx.vstack(
        top_bar(),
        rx.center(
            rx.vstack(
                rx.icon("messages-square", size=40, color=rx.color("teal", 9)),
                rx.heading(rx.cond(SessionState.display_name != "",
                                   "Hello, " + SessionState.display_name,
                                   "Hello!"), size="6", id="chat-greeting"),
                rx.text("You are signed in as ", rx.text.strong(SessionState.email),
                        " on the ", rx.text.strong(SessionState.tier_label, id="chat-tier"),
                        " plan.", color_scheme="gray", align="center"),
                rx.text("Conversations open here soon.", size="2", color_scheme="gray"),
                align="center",
                spacing="3",
            ),
            flex="1",
            width="100%",
            padding="24px",
        ),
        spacing="0",
        min_height="100vh",
        width="100%",
    )
