"""In Chromium: send a message, watch the answer stream, see its cost; Stop keeps the partial answer."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from chatapp.db import get_engine
from chatapp.models import Message
from chatapp.services.demo_replies import demo_reply
from chatapp.services.money import format_usd
from tests.e2e.test_auth_flow import PASSWORD, create_user, log_in, new_email

QUESTION = "How do I remove None values from a list in Python?"


def streaming_length(page: Page) -> int:
    return page.evaluate("(document.querySelector('#streaming-reply') || {innerText: ''}).innerText.length")


def latest_answer() -> Message:
    with Session(get_engine()) as session:
        return session.exec(select(Message).where(Message.role == "assistant")
                            .order_by(Message.created_at.desc())).first()


def start_chat(page: Page) -> None:
    address = new_email()
    create_user(address)
    page.goto("/login")
    log_in(page, address, PASSWORD)
    expect(page).to_have_url(re.compile(r"/chat/?$"))
    expect(page.locator("#demo-badge")).to_be_visible()


def send(page: Page, text: str) -> None:
    page.locator("#composer").fill(text)
    page.locator("#send-button").click()


def test_the_answer_streams_in_and_shows_tokens_and_cost(page: Page):
    start_chat(page)
    send(page, QUESTION)
    expect(page.locator(".message-user")).to_have_text(QUESTION)
    expect(page.locator("#stop-button")).to_be_visible()
    page.wait_for_function("document.querySelector('#streaming-reply')?.innerText.length >= 15")
    first = streaming_length(page)
    page.wait_for_function(f"document.querySelector('#streaming-reply')?.innerText.length > {first + 20}")
    expect(page.locator("#stop-button")).to_be_visible()  # still streaming: it arrived in pieces

    meta = page.locator(".message-meta")
    expect(meta).to_contain_text(re.compile(r"Demo Mini · \d+ tokens · \$0\.\d+"), timeout=30_000)
    expect(page.locator("#send-button")).to_be_visible()
    expect(page.locator(".message-assistant pre")).to_contain_text("def remove_none_values")
    expect(page.locator("#composer")).to_have_value("")

    stored = latest_answer()
    assert stored.status == "complete"
    assert f"{stored.prompt_tokens + stored.completion_tokens} tokens" in meta.inner_text()
    assert format_usd(stored.cost_micros) in meta.inner_text()


def test_stop_keeps_the_partial_answer(page: Page):
    start_chat(page)
    send(page, QUESTION)
    page.wait_for_function("document.querySelector('#streaming-reply')?.innerText.length >= 30")
    page.locator("#stop-button").click()
    note = page.locator(".message-note")
    expect(note).to_contain_text("Stopped")
    expect(page.locator("#send-button")).to_be_visible()

    stored = latest_answer()
    assert stored.status == "stopped"
    full = demo_reply(QUESTION, quality=0.6)
    assert 0 < len(stored.content) < len(full) and full.startswith(stored.content)
    assert stored.cost_micros > 0
    shown = page.locator(".message-assistant").inner_text()
    assert "Here is a compact way" in shown and "linear time" in full and "linear time" not in shown


def test_an_empty_message_is_refused_and_only_the_plans_models_are_offered(page: Page):
    start_chat(page)
    send(page, "   ")
    expect(page.locator("#chat-error")).to_contain_text("Type a message first.")
    page.locator("#model-select").click()
    expect(page.get_by_role("option")).to_have_text(["Demo Mini (demo)"])
