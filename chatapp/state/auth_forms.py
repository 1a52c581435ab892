"""The log-in and sign-up forms: validate through the auth service and start a session."""

from __future__ import annotations

import reflex as rx

from chatapp.db import run_db
from chatapp.services import auth
from chatapp.services.errors import AppError
from chatapp.services.login_throttle import get_login_throttle
from chatapp.state.session import SessionState


def _safe_next(target: str | None) -> str:
    # Only same-site paths: never bounce a user to another origin after log-in.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/chat"


class AuthFormState(rx.State):
    error: str = ""
    submitting: bool = False

    @rx.event
    def clear_error(self):
        self.error = ""

    @rx.event
    async def log_in(self, form: dict):
        self.error, self.submitting = "", True
        yield
        try:
            account = await run_db(auth.log_in, email=form.get("email", ""),
                                   password=form.get("password", ""),
                                   ip=self.router.session.client_ip or None,
                                   throttle=get_login_throttle())
        except AppError as exc:
            self.error, self.submitting = exc.message, False
            return
        session = await self.get_state(SessionState)
        session.start_session(account)
        self.submitting = False
        yield rx.redirect(_safe_next(self.router.url.query_parameters.get("next")))

    @rx.event
    async def sign_up(self, form: dict):
        self.error, self.submitting = "", True
        yield
        if form.get("password", "") != form.get("password_confirm", ""):
            self.error, self.submitting = "The two passwords do not match.", False
            return
        try:
            account = await run_db(auth.sign_up, email=form.get("email", ""),
                                   password=form.get("password", ""),
                                   display_name=form.get("display_name", ""))
        except AppError as exc:
            self.error, self.submitting = exc.message, False
            return
        session = await self.get_state(SessionState)
        session.start_session(account)
        self.submitting = False
        yield rx.redirect("/chat")
