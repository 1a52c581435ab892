"""The composer: the budget banner, refusals with their next step, the text box with its live
token count and cost preview, the model choice, and Send / Stop / the wait before sending."""

from __future__ import annotations

import reflex as rx

from chatapp.state.chat import ChatState


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
            rx.text_area(id="composer", name="message", rows="3", width="100%", size="3",
                         placeholder="Message… (Enter sends, Shift+Enter adds a line)",
                         resize="vertical", disabled=ChatState.streaming, enter_key_submit=True,
                         on_change=ChatState.preview_draft.debounce(300)),
            rx.cond(ChatState.draft_info != "",
                    rx.text(ChatState.draft_info, size="1", id="draft-info",
                            color_scheme=rx.cond(ChatState.draft_problem, "red", "gray"))),
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
