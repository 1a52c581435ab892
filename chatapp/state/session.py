"""Who is signed in: the token lives in the browser's localStorage, the user id only on the server."""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from chatapp.db import run_db
from chatapp.services import auth
from chatapp.services.errors import AppError
from chatapp.settings import get_settings

TOKEN_STORAGE_KEY = "chatapp_token"


async def run_as_user(token: str, fn, /, **kwargs):
    """Run `fn(session=..., user_id=..., **kwargs)` for the account the token belongs to, in one
    transaction: the user id always comes from a checked token, never from the browser."""
    def call(*, session):
        account = auth.account_from_token(session=session, token=token,
                                          signing_key=get_settings().signing_key())
        return fn(session=session, user_id=account.id, **kwargs)
    return await run_db(call)


class SessionState(rx.State):
    # sync=True: logging out in one tab logs out the others.
    token: str = rx.LocalStorage("", name=TOKEN_STORAGE_KEY, sync=True)
    _user_id: str = ""
    email: str = ""
    display_name: str = ""
    tier: str = ""
    role: str = ""

    @rx.var
    def is_authenticated(self) -> bool:
        return bool(self.email)

    @rx.var
    def tier_label(self) -> str:
        return self.tier.capitalize()

    def _set_account(self, account: auth.Account | None) -> None:
        self._user_id = str(account.id) if account else ""
        self.email = account.email if account else ""
        self.display_name = account.display_name if account else ""
        self.tier = account.tier if account else ""
        self.role = account.role if account else ""

    def start_session(self, account: auth.Account) -> None:
        """Remember a freshly authenticated account and hand the browser its token."""
        settings = get_settings()
        issued = auth.issue_token(account, signing_key=settings.signing_key(),
                                  ttl=settings.access_token_ttl)
        self.token = issued.token
        self._set_account(account)

    async def _resolve(self) -> bool:
        """Re-check the stored token against the database (expiry, suspension, epoch)."""
        if not self.token:
            self._set_account(None)
            return False
        try:
            account = await run_db(auth.account_from_token, token=self.token,
                                   signing_key=get_settings().signing_key())
        except AppError:
            self.token = ""
            self._set_account(None)
            return False
        self._set_account(account)
        return True

    @rx.event
    async def require_login(self):
        """on_load of protected pages: send visitors without a valid session to the log-in page."""
        if not await self._resolve():
            return rx.redirect(f"/login?next={quote(self.router.url.path or '/chat')}")

    @rx.event
    async def redirect_if_logged_in(self):
        """on_load of the log-in and sign-up pages."""
        if await self._resolve():
            return rx.redirect("/chat")

    @rx.event
    def log_out(self):
        self.token = ""
        self._set_account(None)
        return rx.redirect("/login")

    @rx.event
    async def go_home(self):
        """on_load of "/": the chat for a signed-in user, the log-in page for anyone else."""
        return rx.redirect("/chat" if await self._resolve() else "/login")
