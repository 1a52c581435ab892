"""In Chromium: sign up, land on the chat, survive a reload, log out, and the log-in errors."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from chatapp.db import session_scope
from chatapp.services import auth

PASSWORD = "e2e-password-1"


def new_email() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}@example.com"


def create_user(address: str) -> None:
    with session_scope() as session:
        auth.sign_up(session=session, email=address, password=PASSWORD)


def sign_up(page: Page, address: str, password: str = PASSWORD, confirm: str | None = None) -> None:
    page.goto("/signup")
    page.locator("#email").fill(address)
    page.locator("#password").fill(password)
    page.locator("#password_confirm").fill(password if confirm is None else confirm)
    page.locator("#signup-submit").click()


def log_in(page: Page, address: str, password: str) -> None:
    page.locator("#email").fill(address)
    page.locator("#password").fill(password)
    page.locator("#login-submit").click()


def test_sign_up_reload_log_out_and_protected_redirect(page: Page):
    address = new_email()
    sign_up(page, address)
    expect(page).to_have_url(re.compile(r"/chat/?$"))
    expect(page.locator("#user-email")).to_have_text(address)
    expect(page.locator("#tier-badge")).to_have_text("Free")

    page.reload()
    expect(page).to_have_url(re.compile(r"/chat/?$"))
    expect(page.locator("#user-email")).to_have_text(address)

    page.locator("#logout-button").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    assert page.evaluate("window.localStorage.getItem('chatapp_token')") in (None, "")

    page.goto("/chat")
    expect(page).to_have_url(re.compile(r"/login/?\?next=/chat/?$"))

    log_in(page, address, PASSWORD)
    expect(page).to_have_url(re.compile(r"/chat/?$"))
    expect(page.locator("#user-email")).to_have_text(address)


def test_wrong_password_shows_one_generic_error(page: Page):
    address = new_email()
    create_user(address)
    page.goto("/login")
    log_in(page, address, "not-the-password")
    expect(page.locator("#form-error")).to_contain_text("Wrong email or password.")
    expect(page).to_have_url(re.compile(r"/login/?$"))
    log_in(page, new_email(), PASSWORD)  # an unknown email reads the same
    expect(page.locator("#form-error")).to_contain_text("Wrong email or password.")


def test_sign_up_errors_are_shown_on_the_page(page: Page):
    sign_up(page, "not-an-email")
    expect(page.locator("#form-error")).to_contain_text("not valid")
    sign_up(page, new_email(), password="short")
    expect(page.locator("#form-error")).to_contain_text("at least 8 characters")
    sign_up(page, new_email(), confirm="something-else")
    expect(page.locator("#form-error")).to_contain_text("do not match")

    taken = new_email()
    create_user(taken)
    sign_up(page, taken)
    expect(page.locator("#form-error")).to_contain_text("already registered")
    expect(page).to_have_url(re.compile(r"/signup/?$"))


def test_signed_in_user_skips_the_log_in_page(page: Page):
    sign_up(page, new_email())
    expect(page).to_have_url(re.compile(r"/chat/?$"))
    page.goto("/login")
    expect(page).to_have_url(re.compile(r"/chat/?$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/chat/?$"))
