"""The pieces of the chat page: message bubbles with their actions, the streaming answer, the
empty state with example prompts."""

from __future__ import annotations

import reflex as rx

from chatapp.components.layout import icon_action
from chatapp.state.chat import ChatState
from chatapp.state.views import MessageView

EXAMPLES = [
    "Explain recursion with a short Python example",
    "Write a polite email asking to move a meeting",
    "What is the difference between TCP and UDP?",
    "Give me three ideas for a weekend in Lisbon",
]


def _code_block(value, **props) -> rx.Component:
    return rx.code_block(value, can_copy=True, margin_y="1em", wrap_long_lines=True, **props)


def markdown(text) -> rx.Component:
    """Markdown with highlighted code and a copy button on every code block. Raw HTML in an
    answer stays text: model output must never become live elements on our origin."""
    return rx.markdown(text, component_map={"pre": _code_block}, use_raw=False)


def _copy(message: MessageView) -> rx.Component:
    return icon_action("copy", "Copy", [rx.set_clipboard(message.content),
                                         rx.toast("Copied", duration=1500)], class_name="copy-message")


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
    )


def _user_bubble(message: MessageView) -> rx.Component:
    return rx.cond(
        ChatState.editing_id == message.id,
        _edit_form(message),
        rx.vstack(
            rx.box(rx.text(message.content, white_space="pre-wrap"), background=rx.color("teal", 3),
                   padding="10px 14px", border_radius="14px", class_name="message-user"),
            rx.hstack(
                rx.text(message.time, size="1", color_scheme="gray", title=message.stamp),
                _copy(message),
                rx.cond(~ChatState.streaming & ~message.id.startswith("pending"),
                        icon_action("pencil", "Edit & resend", ChatState.start_edit(message.id),
                                     class_name="edit-message")),
                spacing="1",
                align="center",
                class_name="message-actions",
            ),
            align="end",
            spacing="1",
            max_width="80%",
            margin_left="auto",
            class_name="message-user-row",
        ),
    )


def _thumb(message: MessageView, value: str, icon: str, label: str) -> rx.Component:
    return icon_action(icon, label, ChatState.thumb(message.id, value),
                        color_scheme=rx.cond(message.feedback == value, "teal", "gray"),
                        variant=rx.cond(message.feedback == value, "soft", "ghost"),
                        class_name=f"thumb-{value}", data_active=(message.feedback == value).to_string())


def _assistant_bubble(message: MessageView) -> rx.Component:
    return rx.box(
        markdown(message.content),
        rx.cond(message.note != "",
                rx.text(message.note, size="1", color_scheme="amber", class_name="message-note")),
        rx.hstack(
            rx.badge(message.meta, variant="soft", color_scheme="gray", class_name="message-meta"),
            rx.text(message.time, size="1", color_scheme="gray", title=message.stamp),
            rx.spacer(),
            _copy(message),
            _thumb(message, "up", "thumbs-up", "Good answer"),
            _thumb(message, "down", "thumbs-down", "Bad answer"),
            rx.cond((ChatState.last_answer_id == message.id) & ~ChatState.streaming,
                    icon_action("refresh-cw", "Regenerate", ChatState.regenerate, id="regenerate")),
            spacing="2",
            align="center",
            wrap="wrap",
            margin_top="4px",
            class_name="message-actions",
        ),
        max_width="100%",
        class_name="message-assistant",
        data_seq=message.seq,
    )


def message_bubble(message: MessageView) -> rx.Component:
    return rx.cond(message.role == "user", _user_bubble(message), _assistant_bubble(message))


def load_earlier() -> rx.Component:
    return rx.cond(
        ChatState.earlier_before > 0,
        rx.center(rx.button(rx.icon("arrow-up", size=14), "Load earlier messages", variant="soft",
                            size="1", color_scheme="gray", on_click=ChatState.load_earlier,
                            loading=ChatState.loading_earlier, id="load-earlier"), width="100%"),
    )


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
        (ChatState.messages.length() == 0) & ~ChatState.streaming,
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
