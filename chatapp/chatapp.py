"""Wires the app: the Reflex pages, the HTTP API and start-up tasks. No logic lives here."""

from __future__ import annotations

import reflex as rx

from chatapp.api.app import create_api
from chatapp.lifecycle import on_startup
from chatapp.pages.chat import chat_page
from chatapp.pages.index import index_page
from chatapp.pages.login import login_page
from chatapp.pages.pricing import pricing_page
from chatapp.pages.settings import settings_page
from chatapp.pages.shared import shared_page
from chatapp.pages.signup import signup_page
from chatapp.state.chat import ChatState
from chatapp.state.pricing import PricingState
from chatapp.state.settings_page import SettingsState
from chatapp.state.session import SessionState
from chatapp.state.sidebar import SidebarState
from chatapp.state.shared import SharedState

app = rx.App(api_transformer=create_api(), stylesheets=["/chat.css"])
app.register_lifespan_task(on_startup)

app.add_page(index_page, route="/", title="Chatapp", on_load=SessionState.go_home)
app.add_page(login_page, route="/login", title="Log in · Chatapp",
             on_load=SessionState.redirect_if_logged_in)
app.add_page(signup_page, route="/signup", title="Sign up · Chatapp",
             on_load=SessionState.redirect_if_logged_in)
app.add_page(chat_page, route="/chat", title="Chat · Chatapp",
             on_load=[SessionState.require_login, ChatState.load, SidebarState.refresh])
app.add_page(pricing_page, route="/pricing", title="Plans · Chatapp",
             on_load=[SessionState.require_login, PricingState.load])
app.add_page(settings_page, route="/settings", title="Settings · Chatapp",
             on_load=[SessionState.require_login, SettingsState.load])
# Public: anyone with the link reads it; kept out of search engines like any unlisted link. The
# route argument is not called `token`: Reflex adds it to the root state, beside SessionState.token.
app.add_page(shared_page, route="/share/[share_token]", title="Shared conversation · Chatapp",
             on_load=SharedState.load, meta=[{"name": "robots", "content": "noindex"}])
