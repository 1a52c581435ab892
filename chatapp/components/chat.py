"""The pieces of the chat page: message bubbles, the streaming answer, the composer."""

from __future__ import annotations

import reflex as rx

from chatapp.state.chat import ChatState, MessageView


def _user_bubble(message: MessageView) -> rx.Component:
    return rx.box(
        rx.text(message.content, white_space="pre-wrap"),
        background=rx.color("teal", 3),
        padding="10px 14px",
        border_radius="14px",
        max_width="80%",
        margin_left="auto",
        class_name="message-user",
    )


def _assistant_bubble(message: MessageView) -> rx.Component:
    return rx.box(
        rx.markdown(message.content),
        rx.hstack(
            rx.text(message.meta, size="1", color_scheme="gray", class_name="message-meta"),
            spacing="2",
        ),
        rx.cond(message.note != "",
                rx.text(message.note, size="1", color_scheme="amber", class_name="message-note")),
        max_width="100%",
        class_name="message-assistant",
    )


def message_bubble(message: MessageView) -> rx.Component:
    return rx.cond(message.role == "user", _user_bubble(message), _assistant_bubble(message))


def streaming_bubble() -> rx.Component:
    return rx.cond(
        ChatState.streaming,
        rx.box(
            rx.cond(
                ChatState.streaming_text == "",
                rx.hstack(rx.spinner(size="2"), rx.text("Thinking…", size="2", color_scheme="gray"),
                          align="center", id="thinking"),
                rx.markdown(ChatState.streaming_text),
            ),
            id="streaming-reply",
            max_width="100%",
        ),
    )


def empty_state() -> rx.Component:
    return rx.cond(
        (ChatState.messages.length() == 0) & ~ChatState.streaming,
        rx.center(
            rx.vstack(
                rx.icon("messages-square", size=36, color=rx.color("teal", 9)),
                rx.heading("What can I help with?", size="5"),
                rx.text("Every answer shows its tokens and exact cost.", size="2",
                        color_scheme="gray"),
                align="center",
                spacing="2",
            ),
            padding_y="15vh",
        ),
    )


def model_selector() -> rx.Component:
    return rx.hstack(
        rx.select.root(
            rx.select.trigger(placeholder="Model", id="model-select"),
            rx.select.content(
                rx.foreach(ChatState.model_options,
                           lambda option: rx.select.item(option.label, value=option.id)),
            ),
            value=ChatState.selected_model,
            on_change=ChatState.choose_model,
            size="2",
        ),
        rx.cond(ChatState.selected_is_demo,
                rx.badge("Demo", color_scheme="amber", variant="soft", id="demo-badge")),
        align="center",
        spacing="2",
    )


def usage_banner() -> rx.Component:
    """The budget level in words: informative at first, a warning from 80%, red when blocked."""
    upgrade = rx.link("Upgrade", href="/pricing", id="usage-upgrade", weight="medium")
    return rx.cond(
        ChatState.usage_level >= 1,
        rx.callout.root(
            rx.callout.icon(rx.icon(rx.cond(ChatState.usage_level >= 6, "octagon-alert", "gauge"))),
            rx.callout.text(ChatState.usage_message, " ",
                            rx.cond(ChatState.usage_level >= 3, upgrade)),
            color_scheme=rx.match(ChatState.usage_level, (1, "gray"), (2, "gray"), (3, "amber"),
                                  (4, "amber"), (5, "amber"), "red"),
            size="1",
            width="100%",
            id="usage-banner",
        ),
    )


def composer() -> rx.Component:
    return rx.form(
        rx.vstack(
            usage_banner(),
            rx.cond(ChatState.visible_error != "",
                    rx.callout.root(
                        rx.callout.icon(rx.icon("circle-alert")),
                        rx.callout.text(ChatState.visible_error, " ",
                                        rx.cond(ChatState.error_code == "CONVERSATION_LIMIT",
                                                rx.button("Start a new chat", on_click=ChatState.new_chat,
                                                          id="error-new-chat", type="button", size="1",
                                                          variant="soft", margin_right="8px")),
                                        rx.cond(ChatState.error_upgrade,
                                                rx.link("See plans", href="/pricing", id="error-upgrade",
                                                        weight="medium"))),
                        color_scheme="red", size="1", width="100%", id="chat-error")),
            rx.text_area(id="composer", name="message", placeholder="Message…", rows="3",
                         width="100%", size="3", resize="vertical",
                         disabled=ChatState.streaming),
            rx.hstack(
                model_selector(),
                rx.spacer(),
                rx.cond(
                    ChatState.streaming,
                    rx.button(rx.icon("square", size=14), "Stop", type="button", color_scheme="red",
                              variant="soft", on_click=ChatState.stop, id="stop-button"),
                    rx.cond(
                        ChatState.retry_in > 0,
                        rx.button(rx.icon("timer", size=14), "Send in ", ChatState.retry_label,
                                  type="button", disabled=True, id="send-wait"),
                        rx.button(rx.icon("send", size=14), "Send", type="submit", id="send-button"),
                    ),
                ),
                width="100%",
                align="center",
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=ChatState.send,
        reset_on_submit=False,
        width="100%",
    )
