"""Message bubbles as React memo components of plain values (strings, numbers, booleans).

React then re-renders a bubble only when its own message changed: loading earlier messages, a new
turn or the streaming answer leave the bubbles already on screen alone (a plain `rx.foreach` body
re-renders every bubble, markdown and code highlighting included, on every change of the state).
Markdown is its own memo component, so a thumb or a note does not parse it again.
"""

from __future__ import annotations

import reflex as rx

from chatapp.components.layout import icon_action
from chatapp.components.markdown import markdown
from chatapp.state.chat import ChatState
from chatapp.state.views import MessageView


@rx.memo
def answer_text(content: rx.Var[str]) -> rx.Component:
    return markdown(content)


def _copy(content: rx.Var[str]) -> rx.Component:
    return icon_action("copy", "Copy", [rx.set_clipboard(content), rx.toast("Copied", duration=1500)],
                       class_name="copy-message")


def _thumb(message_id: rx.Var[str], feedback: rx.Var[str], value: str, icon: str, label: str) -> rx.Component:
    active = feedback == value
    return icon_action(icon, label, ChatState.thumb(message_id, value),
                       color_scheme=rx.cond(active, "teal", "gray"), variant=rx.cond(active, "soft", "ghost"),
                       class_name=f"thumb-{value}", data_active=active.to_string())


@rx.memo
def user_bubble(message_id: rx.Var[str], content: rx.Var[str], time: rx.Var[str],
                stamp: rx.Var[str]) -> rx.Component:
    return rx.vstack(
        rx.box(rx.text(content, white_space="pre-wrap"), background=rx.color("teal", 3),
               padding="10px 14px", border_radius="14px", class_name="message-user"),
        rx.hstack(
            rx.text(time, size="1", color_scheme="gray", title=stamp),
            _copy(content),
            # Hidden while an answer streams (assets/chat.css), so streaming re-renders no bubble.
            rx.cond(~message_id.startswith("pending"),
                    icon_action("pencil", "Edit & resend", ChatState.start_edit(message_id),
                                class_name="edit-message")),
            spacing="1",
            align="center",
            class_name="message-actions",
        ),
        align="end",
        spacing="1",
        max_width="80%",
        margin_left="auto",
        class_name="bubble message-user-row",
    )


@rx.memo
def assistant_bubble(message_id: rx.Var[str], content: rx.Var[str], seq: rx.Var[int], meta: rx.Var[str],
                     note: rx.Var[str], time: rx.Var[str], stamp: rx.Var[str], feedback: rx.Var[str],
                     last: rx.Var[bool]) -> rx.Component:
    return rx.box(
        answer_text(content=content),
        rx.cond(note != "", rx.text(note, size="1", color_scheme="amber", class_name="message-note")),
        rx.hstack(
            rx.badge(meta, variant="soft", color_scheme="gray", class_name="message-meta"),
            rx.text(time, size="1", color_scheme="gray", title=stamp),
            rx.spacer(),
            _copy(content),
            _thumb(message_id, feedback, "up", "thumbs-up", "Good answer"),
            _thumb(message_id, feedback, "down", "thumbs-down", "Bad answer"),
            rx.cond(last, icon_action("refresh-cw", "Regenerate", ChatState.regenerate, id="regenerate")),
            spacing="2",
            align="center",
            wrap="wrap",
            margin_top="4px",
            class_name="message-actions",
        ),
        max_width="100%",
        class_name="bubble message-assistant",
        data_seq=seq,
    )


def _edit_form(message: MessageView) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text_area(name="text", default_value=message.content, width="100%", rows="3",
                         auto_focus=True, id="edit-text"),
            rx.hstack(
                rx.button("Cancel", type="button", variant="soft", color_scheme="gray", size="1",
                          on_click=ChatState.cancel_edit),
                rx.button("Save & send", type="submit", size="1", id="edit-send"),
                justify="end",
                width="100%",
            ),
            width="100%",
        ),
        on_submit=ChatState.save_edit,
        width="100%",
        class_name="bubble",
    )


def message_bubble(message: MessageView) -> rx.Component:
    """One message, keyed by its id: React keeps a bubble's element when messages arrive above it."""
    return rx.fragment(
        rx.cond(
            message.role == "user",
            rx.cond(ChatState.editing_id == message.id, _edit_form(message),
                    user_bubble(message_id=message.id, content=message.content, time=message.time,
                                stamp=message.stamp)),
            assistant_bubble(message_id=message.id, content=message.content, seq=message.seq,
                             meta=message.meta, note=message.note, time=message.time, stamp=message.stamp,
                             feedback=message.feedback, last=ChatState.last_answer_id == message.id),
        ),
        key=message.id,
    )
