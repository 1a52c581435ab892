"""Above the open conversation: its title, and a menu to share it by link or export it."""

from __future__ import annotations

import reflex as rx

from chatapp.state.chat import ChatState
from chatapp.state.conversation_actions import ConversationActionsState as Actions


def _share_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Share this conversation"),
            rx.dialog.description("Anyone with the link can read it, without an account. They see the "
                                  "messages only: no costs, no account details.", size="2"),
            rx.cond(Actions.share_url != "",
                    rx.hstack(
                        rx.input(value=Actions.share_url, read_only=True, width="100%", id="share-url"),
                        rx.button(rx.icon("copy", size=14), "Copy",
                                  on_click=[rx.set_clipboard(Actions.share_url), rx.toast("Link copied")]),
                        width="100%", margin_top="12px")),
            rx.cond(Actions.notice != "", rx.text(Actions.notice, size="2", color_scheme="gray",
                                                  margin_top="8px", id="share-notice")),
            rx.hstack(
                rx.cond(Actions.share_url != "",
                        rx.button("Stop sharing", color_scheme="red", variant="soft", on_click=Actions.revoke,
                                  id="share-revoke")),
                rx.dialog.close(rx.button("Done", variant="soft", color_scheme="gray")),
                justify="end", spacing="3", margin_top="16px"),
            max_width="480px",
        ),
        open=Actions.share_open,
        on_open_change=Actions.set_share_open,
    )


def conversation_header() -> rx.Component:
    return rx.cond(
        ChatState.conversation_id != "",
        rx.hstack(
            rx.heading(ChatState.conversation_title, size="3", id="conversation-title", trim="both",
                       color_scheme="gray", flex="1", min_width="0", white_space="nowrap",
                       overflow="hidden", text_overflow="ellipsis"),
            rx.dropdown_menu.root(
                rx.dropdown_menu.trigger(rx.icon_button(rx.icon("ellipsis", size=16), variant="ghost",
                                                        color_scheme="gray", aria_label="Conversation menu",
                                                        id="conversation-menu")),
                rx.dropdown_menu.content(
                    rx.dropdown_menu.item(rx.icon("link", size=14), "Share link…", on_click=Actions.share,
                                          id="menu-share"),
                    rx.dropdown_menu.item(rx.icon("file-text", size=14), "Export as Markdown",
                                          on_click=Actions.export("markdown"), id="menu-export-md"),
                    rx.dropdown_menu.item(rx.icon("braces", size=14), "Export as JSON",
                                          on_click=Actions.export("json"), id="menu-export-json"),
                ),
            ),
            _share_dialog(),
            width="100%",
            align="center",
        ),
    )
