"""In Chromium, on a phone-sized screen and without logging in: a shared conversation reads as the
owner left it, raw HTML in an answer stays inert, and once the owner revokes the link a reload
says it is no longer available."""

from __future__ import annotations

import os
import uuid

import httpx
from playwright.sync_api import Browser, expect

from chatapp.db import session_scope
from chatapp.services import conversations
from tests.e2e.test_abuse_and_limits import snap
from tests.support.budget import user_id_for
from tests.support.helpers import chat_events, first_event, new_email, sign_up

PHONE = {"width": 390, "height": 844}
PROBE = '<img id="raw-html-probe" src="x"> <b id="raw-html-bold">bold</b>'


def two_turns(app_url: str, token: str) -> str:
    """A conversation of two turns through the running app's chat API; returns its id."""
    # The title stays the first question (no generated one arriving while the page is read).
    status, events = chat_events(app_url, token, {"message": "What is 6*7?", "title": False})
    assert status == 200, events
    cid = first_event(events, "done")["conversation_id"]
    status, events = chat_events(app_url, token, {"message": "And 7*8?", "conversation_id": cid})
    assert status == 200 and first_event(events, "done")["status"] == "complete", events
    return cid


def add_html_answer(email: str, cid: str) -> None:
    """A third turn whose answer carries raw HTML, stored as the pipeline would store it."""
    with session_scope() as session:
        conversations.record_turn(
            session=session, user_id=user_id_for(os.environ["DATABASE_URL"], email),
            conversation_id=uuid.UUID(cid), is_new=False, source="chat", user_text="Show me some HTML",
            user_tokens=4, assistant=conversations.AssistantRecord(
                content=f"Here it is: {PROBE}", model="demo-mini", input_tokens=4, output_tokens=9,
                cost_micros=3, status="complete", latency_ms=1, first_token_ms=1))


def test_a_shared_conversation_is_readable_without_login_until_revoked(browser: Browser, app_url: str):
    email = new_email()
    token = sign_up(app_url, email)
    owner = {"Authorization": f"Bearer {token}"}
    cid = two_turns(app_url, token)
    add_html_answer(email, cid)
    shared = httpx.post(f"{app_url}/api/conversations/{cid}/share", headers=owner, timeout=30)
    assert shared.status_code == 200
    link = shared.json()["url"]

    context = browser.new_context(viewport=PHONE, base_url=app_url)  # a stranger: no session at all
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        page.goto(link)
        expect(page.locator("#shared-title")).to_have_text("What is 6*7?")
        expect(page.locator("#shared-badge")).to_have_text("Shared conversation · read-only")
        expect(page.locator(".shared-message-user")).to_have_text(["What is 6*7?", "And 7*8?",
                                                                   "Show me some HTML"])
        answers = page.locator(".shared-message-assistant")
        expect(answers).to_have_count(3)
        expect(answers.nth(0)).to_contain_text("6*7 = 42")
        expect(answers.nth(0).locator("strong")).to_have_text("6*7 = 42")  # markdown is rendered
        expect(answers.nth(1)).to_contain_text("56")
        expect(answers.nth(0)).to_contain_text("Demo Mini")
        expect(answers.nth(2)).to_contain_text("Here it is:")
        expect(page.locator("#raw-html-probe, #raw-html-bold")).to_have_count(0)  # HTML stays inert
        expect(page.locator("textarea, input, [contenteditable='true']")).to_have_count(0)
        expect(page.locator("#try-chatapp")).to_have_attribute("href", "/signup")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll
        assert page.evaluate("window.localStorage.getItem('chatapp_token')") in (None, "")
        snap(page, "share-phone")

        revoked = httpx.delete(f"{app_url}/api/conversations/{cid}/share", headers=owner, timeout=30)
        assert revoked.status_code == 204
        page.reload()
        expect(page.locator("#shared-gone")).to_have_text("This link is no longer available.")
        expect(page.locator(".shared-message-user")).to_have_count(0)
        expect(page.locator("#shared-title")).to_have_count(0)
        snap(page, "share-gone-phone")
    finally:
        context.close()
