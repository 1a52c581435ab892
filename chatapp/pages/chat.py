"""The chat page (signed-in users only): the sidebar beside the open conversation on wide
screens, in a drawer on phones."""

from __future__ import annotations

from pathlib import Path

import reflex as rx

from chatapp.components.chat import empty_state, load_earlier, messages, show_newer, streaming_bubble
from chatapp.components.composer import composer
from chatapp.components.conversation_header import conversation_header
from chatapp.components.layout import top_bar
from chatapp.components.sidebar import sidebar
from chatapp.state.chat import ChatState
from chatapp.state.sidebar import SidebarState

# Auto-scroll, the reader's place when messages come above, tooltips: see the file.
PAGE_SCRIPT = (Path(__file__).parent / "chat_page.js").read_text(encoding="utf-8")


def _conversation() -> rx.Component:
    return rx.vstack(
        rx.box(
            rx.vstack(
                conversation_header(),
                load_earlier(),
                empty_state(),
                messages(),
                show_newer(),
                streaming_bubble(),
                spacing="4",
                width="100%",
                max_width="820px",
                margin_x="auto",
                padding="16px",
                id="message-list",
                # Read by assets/chat.css to hide edit and regenerate while an answer streams.
                data_streaming=ChatState.streaming.to_string(),
            ),
            flex="1",
            overflow_y="auto",
            # The reader's place is kept by chat_page.js: the browser's own anchoring would pick
            # the "Load earlier" button and let the messages below it jump.
            overflow_anchor="none",
            width="100%",
            id="message-scroller",
        ),
        rx.box(
            rx.box(composer(), max_width="820px", margin_x="auto", padding="12px 16px 16px"),
            border_top=f"1px solid {rx.color('gray', 4)}",
            width="100%",
        ),
        spacing="0",
        flex="1",
        min_width="0",
        height="100%",
    )


def _sidebar_panel() -> rx.Component:
    """A column on wide screens; on phones a drawer over the conversation, opened from the top bar."""
    return rx.box(
        sidebar(),
        width=["100%", "100%", "280px"],
        flex_shrink="0",
        height="100%",
        border_right=f"1px solid {rx.color('gray', 4)}",
        background=rx.color("gray", 2),
        display=rx.breakpoints(initial=rx.cond(SidebarState.open_on_phone, "block", "none"), md="block"),
        position=rx.breakpoints(initial="absolute", md="static"),
        z_index="10",
        inset="0",
        id="sidebar",
    )


def chat_page() -> rx.Component:
    return rx.vstack(
        rx.script(PAGE_SCRIPT),
        top_bar(menu=rx.icon_button(rx.icon("menu", size=18), variant="ghost", color_scheme="gray",
                                    on_click=SidebarState.toggle_drawer, id="sidebar-toggle",
                                    aria_label="Chats", display=rx.breakpoints(initial="flex", md="none"))),
        rx.hstack(
            _sidebar_panel(),
            _conversation(),
            spacing="0",
            width="100%",
            flex="1",
            min_height="0",
            position="relative",
        ),
        spacing="0",
        height="100vh",
        width="100%",
    )
