"""The chat page (signed-in users only)."""

from __future__ import annotations

import reflex as rx

from chatapp.components.chat import composer, empty_state, message_bubble, streaming_bubble
from chatapp.components.layout import top_bar
from chatapp.state.chat import ChatState


def chat_page() -> rx.Component:
    return rx.vstack(
        top_bar(),
        rx.box(
            rx.vstack(
                rx.hstack(
                    rx.spacer(),
                    rx.button(rx.icon("plus", size=14), "New chat", variant="ghost", size="1",
                              on_click=ChatState.new_chat, id="new-chat"),
                    width="100%",
                ),
                empty_state(),
                rx.foreach(ChatState.messages, message_bubble),
                streaming_bubble(),
                spacing="4",
                width="100%",
                max_width="820px",
                margin_x="auto",
                padding="16px",
                id="message-list",
            ),
            flex="1",
            overflow_y="auto",
            width="100%",
        ),
        rx.box(
            rx.box(composer(), max_width="820px", margin_x="auto", padding="12px 16px 16px"),
            border_top=f"1px solid {rx.color('gray', 4)}",
            width="100%",
        ),
        spacing="0",
        height="100vh",
        width="100%",
    )
