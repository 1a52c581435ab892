"""The conversation sidebar: new chat, search, groups by age with starred on top (ten at first,
"More starred" for the rest), an archived view, and per row: open, star, rename inline, archive,
delete (after a confirmation)."""

from __future__ import annotations

import reflex as rx

from chatapp.components.layout import icon_action
from chatapp.state.chat import ChatState
from chatapp.state.sidebar import SidebarState
from chatapp.state.views import ConversationItem


def _rename_form(item: ConversationItem) -> rx.Component:
    return rx.form(
        rx.input(name="title", default_value=item.title, auto_focus=True, size="1", width="100%",
                 max_length=200, id="rename-input",
                 on_key_down=SidebarState.rename_key),
        on_submit=[SidebarState.save_rename, ChatState.refresh_title],
        width="100%",
    )


def _row(item: ConversationItem) -> rx.Component:
    archived = SidebarState.archived_view
    return rx.box(
        rx.cond(item.first_of_group,
                rx.text(item.group, size="1", weight="medium", color_scheme="gray",
                        padding="12px 8px 4px", class_name="sidebar-group")),
        rx.cond(
            SidebarState.renaming_id == item.id,
            _rename_form(item),
            rx.hstack(
                rx.text(item.title, size="2", trim="both", flex="1", min_width="0",
                        white_space="nowrap", overflow="hidden", text_overflow="ellipsis",
                        cursor="pointer", class_name="conversation-title",
                        on_click=[ChatState.open_conversation(item.id), SidebarState.close_drawer]),
                rx.hstack(
                    icon_action("star", "Star", SidebarState.toggle_star(item.id, item.starred),
                            class_name="star-button",
                            color_scheme=rx.cond(item.starred, "amber", "gray")),
                    icon_action("pencil", "Rename", SidebarState.start_rename(item.id), class_name="rename-button"),
                    rx.cond(archived,
                            icon_action("archive-restore", "Unarchive", SidebarState.set_archived(item.id, False),
                                    class_name="unarchive-button"),
                            icon_action("archive", "Archive", SidebarState.set_archived(item.id, True),
                                    class_name="archive-button")),
                    icon_action("trash-2", "Delete", SidebarState.ask_delete(item.id), class_name="delete-button"),
                    spacing="1",
                    class_name="row-actions",
                ),
                align="center",
                spacing="1",
                padding="6px 8px",
                border_radius="8px",
                background=rx.cond(ChatState.conversation_id == item.id, rx.color("teal", 3), "transparent"),
                _hover={"background": rx.color("gray", 3)},
            ),
        ),
        class_name="conversation-row",
        data_id=item.id,
        width="100%",
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this conversation?"),
            rx.alert_dialog.description("Its messages are deleted for good. This cannot be undone.",
                                        size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray",
                                                 on_click=SidebarState.cancel_delete)),
                rx.alert_dialog.action(rx.button(
                    "Delete", color_scheme="red", id="confirm-delete",
                    on_click=[ChatState.forget_conversation(SidebarState.confirm_delete_id),
                              SidebarState.confirm_delete])),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
            max_width="420px",
        ),
        open=SidebarState.confirm_delete_id != "",
    )


def sidebar() -> rx.Component:
    return rx.vstack(
        rx.button(rx.icon("plus", size=14), "New chat", on_click=[ChatState.new_chat, SidebarState.close_drawer],
                  width="100%", variant="soft", id="new-chat"),
        rx.input(rx.input.slot(rx.icon("search", size=14)), placeholder="Search chats", id="sidebar-search",
                 default_value=SidebarState.query, on_change=SidebarState.search.debounce(250),
                 width="100%", size="2", max_length=200),
        rx.hstack(
            rx.text(rx.cond(SidebarState.archived_view, "Archived chats", "Chats"), size="2", weight="bold"),
            rx.spacer(),
            rx.button(rx.cond(SidebarState.archived_view, "Back to chats", "Archived"),
                      on_click=SidebarState.toggle_archived, variant="ghost", size="1", id="archived-toggle"),
            width="100%",
            align="center",
        ),
        rx.box(
            rx.foreach(SidebarState.starred, _row),
            rx.cond(SidebarState.starred_cursor != "",
                    rx.button("More starred", on_click=SidebarState.load_more_starred, variant="ghost", size="1",
                              width="100%", loading=SidebarState.loading, id="sidebar-more-starred")),
            rx.foreach(SidebarState.items, _row),
            rx.cond((SidebarState.items.length() == 0) & (SidebarState.starred.length() == 0)
                    & ~SidebarState.loading,
                    rx.text(rx.cond(SidebarState.query != "", "No chat matches your search.",
                                    rx.cond(SidebarState.archived_view, "No archived chats.", "No chats yet.")),
                            size="2", color_scheme="gray", padding="8px", id="sidebar-empty")),
            rx.cond(SidebarState.next_cursor != "",
                    rx.button("Show more", on_click=SidebarState.load_more, variant="ghost", size="1",
                              width="100%", loading=SidebarState.loading, id="sidebar-more")),
            rx.cond(SidebarState.notice != "",
                    rx.text(SidebarState.notice, size="1", color_scheme="red", padding="8px")),
            width="100%",
            overflow_y="auto",
            flex="1",
            id="conversation-list",
        ),
        _delete_dialog(),
        spacing="3",
        padding="12px",
        height="100%",
        width="100%",
    )
