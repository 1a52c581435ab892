"""The pieces of the chat page's conversation: the messages page by page (bubbles in
message_bubbles.py), "load earlier" and "show newer", the streaming answer, the empty state with
example prompts."""

from __future__ import annotations

import reflex as rx

from chatapp.components.markdown import markdown
from chatapp.components.message_bubbles import message_bubble
from chatapp.state.chat import ChatState
from chatapp.state.windowed_messages import SLOT_VARS

EXAMPLES = [
    "Explain recursion with a short Python example",
    "Write a polite email asking to move a meeting",
    "What is the difference between TCP and UDP?",
    "Give me three ideas for a weekend in Lisbon",
]


def _page_button(label: str, icon: str, on_click, loading, id: str) -> rx.Component:
    return rx.center(
        rx.button(rx.icon(icon, size=14), label, variant="soft", size="1", color_scheme="gray",
                  on_click=on_click, loading=loading, disabled=ChatState.streaming, id=id),
        width="100%",
    )


def load_earlier() -> rx.Component:
    return rx.cond(ChatState.has_earlier,
                   _page_button("Load earlier messages", "arrow-up", ChatState.load_earlier,
                                ChatState.loading_earlier, "load-earlier"))


def show_newer() -> rx.Component:
    """Below the messages when the reader went so far up that the newest page left the state."""
    return rx.cond(ChatState.has_later,
                   _page_button("Show newer messages", "arrow-down", ChatState.load_later,
                                ChatState.loading_later, "show-newer"))


def _slot(slot: rx.Var[int]) -> rx.Component:
    """The messages of one slot (a page in its own state var), keyed by the slot: when a page is
    added above, React moves the others and renders only the new one."""
    pages = [(index, rx.foreach(getattr(ChatState, name), message_bubble))
             for index, name in enumerate(SLOT_VARS)]
    return rx.fragment(rx.match(slot, *pages, rx.fragment()), key=slot)


def messages() -> rx.Component:
    return rx.foreach(ChatState.slot_order, _slot)


def streaming_bubble() -> rx.Component:
    return rx.cond(
        ChatState.streaming,
        rx.box(
            rx.cond(
                ChatState.streaming_text == "",
                rx.hstack(rx.spinner(size="2"), rx.text("Thinking…", size="2", color_scheme="gray"),
                          align="center", id="thinking"),
                markdown(ChatState.streaming_text),
            ),
            id="streaming-reply",
            max_width="100%",
        ),
    )


def _example(prompt: str) -> rx.Component:
    return rx.button(prompt, variant="outline", color_scheme="gray", size="2", white_space="normal",
                     height="auto", padding="10px 12px", text_align="left", class_name="example-prompt",
                     on_click=[rx.set_value("composer", prompt), ChatState.preview_draft(prompt),
                               rx.set_focus("composer")])


def empty_state() -> rx.Component:
    return rx.cond(
        (ChatState.slot_order.length() == 0) & ~ChatState.streaming,
        rx.vstack(
            rx.icon("messages-square", size=36, color=rx.color("teal", 9)),
            rx.heading("What can I help with?", size="5", text_align="center"),
            rx.text("Every answer shows its model, tokens and exact cost.", size="2",
                    color_scheme="gray", text_align="center"),
            rx.grid(*[_example(p) for p in EXAMPLES], columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="2", width="100%", margin_top="12px"),
            align="center",
            spacing="2",
            width="100%",
            padding_y="10vh",
            id="empty-state",
        ),
    )
