"""In Chromium: the sidebar (rename, star, search, archive, unarchive, delete, starred a page at a
time), regenerate, edit & resend, thumbs, "load earlier" and "show newer" on a 220-message
conversation (the reader's place kept, editing an older message), and the page at phone width."""

from __future__ import annotations

import os
import re
import uuid

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from chatapp.db import engine_for
from chatapp.models import Conversation, FeedbackSignal, Message
from chatapp.services import conversations, history
from tests.e2e.test_abuse_and_limits import signed_in, snap


def engine():
    return engine_for(os.environ["DATABASE_URL"])


def send(page: Page, text: str, answers: int) -> None:
    """Send with Enter, and wait until `answers` answers show their cost badge."""
    page.locator("#composer").fill(text)
    page.locator("#composer").press("Enter")
    expect(page.locator(".message-meta")).to_have_count(answers, timeout=30_000)
    expect(page.locator("#send-button")).to_be_visible()


def rows(page: Page):
    return page.locator(".conversation-row")


def stored(user_id) -> list[Message]:
    with Session(engine()) as session:
        return list(session.exec(select(Message).where(Message.user_id == uuid.UUID(str(user_id)))
                                 .order_by(Message.seq)).all())


def test_sidebar_rename_star_search_archive_and_delete(page: Page):
    user_id = signed_in(page)
    expect(page.locator("#sidebar-empty")).to_have_text("No chats yet.")
    send(page, "How do I reverse a list in Python?", 1)
    # The answer's code is highlighted (by class) once on screen, with a button to copy it.
    expect(page.locator(".message-assistant .code-block .token.keyword").first).to_be_visible()
    expect(page.locator(".message-assistant .copy-code")).to_have_count(1)
    send(page, "And a string?", 2)
    expect(rows(page)).to_have_count(1)
    row = rows(page).first
    expect(row.locator(".sidebar-group")).to_have_text("Today")
    # Named from the first exchange by the plan's cheapest model (the demo names it by its topic).
    expect(row.locator(".conversation-title")).to_have_text("Reverse List Python")
    expect(page.locator("#conversation-title")).to_have_text("Reverse List Python")

    row.locator(".rename-button").click()
    page.locator("#rename-input").fill("Python reversing notes")
    page.locator("#rename-input").press("Enter")
    expect(row.locator(".conversation-title")).to_have_text("Python reversing notes")
    expect(page.locator("#conversation-title")).to_be_visible()

    page.locator("#new-chat").click()
    send(page, "Give me a haiku about tea.", 1)
    expect(rows(page)).to_have_count(2)
    page.locator(".conversation-row", has_text="Python reversing notes").locator(".star-button").click()
    starred = rows(page).first
    expect(starred.locator(".sidebar-group")).to_have_text("Starred")
    expect(starred.locator(".conversation-title")).to_have_text("Python reversing notes")

    page.locator("#sidebar-search").fill("string")  # a word of a message, not of the title
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first.locator(".conversation-title")).to_have_text("Python reversing notes")
    page.locator("#sidebar-search").fill("no such words anywhere")
    expect(page.locator("#sidebar-empty")).to_have_text("No chat matches your search.")
    page.locator("#sidebar-search").fill("")
    expect(rows(page)).to_have_count(2)

    page.locator(".conversation-row", has_text="Python reversing notes").locator(".archive-button").click()
    expect(rows(page)).to_have_count(1)
    page.locator("#archived-toggle").click()
    expect(rows(page)).to_have_count(1)
    rows(page).first.locator(".unarchive-button").click()
    expect(page.locator("#sidebar-empty")).to_have_text("No archived chats.")
    page.locator("#archived-toggle").click()
    expect(rows(page)).to_have_count(2)

    page.locator(".conversation-row", has_text="Python reversing notes").locator(".delete-button").click()
    page.locator("#confirm-delete").click()
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first.locator(".conversation-title")).not_to_have_text("Python reversing notes")
    with Session(engine()) as session:
        left = session.exec(select(Conversation).where(Conversation.user_id == uuid.UUID(str(user_id)))).all()
    assert len(left) == 1 and left[0].title != "Python reversing notes"
    assert [m.content for m in stored(user_id) if m.role == "user"] == ["Give me a haiku about tea."]


def test_starred_conversations_come_a_page_at_a_time(page: Page):
    user_id = signed_in(page)
    with Session(engine()) as session:
        for i in range(12):
            cid = uuid.uuid4()
            conversations.record_turn(
                session=session, user_id=uuid.UUID(str(user_id)), conversation_id=cid, is_new=True,
                source="chat", user_text=f"Starred chat {i + 1}", user_tokens=3,
                assistant=conversations.AssistantRecord(
                    content="Yes.", model="demo-mini", input_tokens=3, output_tokens=3, cost_micros=5,
                    status="complete", latency_ms=1, first_token_ms=1))
            history.update(session=session, user_id=uuid.UUID(str(user_id)), conversation_id=cid, starred=True)
        session.commit()
    page.reload()
    expect(rows(page)).to_have_count(10)
    expect(rows(page).first.locator(".sidebar-group")).to_have_text("Starred")
    page.locator("#sidebar-more-starred").click()
    expect(rows(page)).to_have_count(12)
    expect(page.locator("#sidebar-more-starred")).to_have_count(0)
    expect(page.locator(".sidebar-group")).to_have_count(1)  # one "Starred" heading above all twelve


def test_thumbs_regenerate_and_edit_and_resend(page: Page):
    user_id = signed_in(page)
    send(page, "What is a prime number?", 1)
    send(page, "Name three primes.", 2)

    first_answer = page.locator(".message-assistant").first
    first_answer.locator(".thumb-up").hover()  # the page's one tooltip names the button
    expect(page.locator(".chat-tooltip")).to_have_text("Good answer")
    first_answer.locator(".thumb-up").click()
    expect(first_answer.locator(".thumb-up")).to_have_attribute("data-active", "true")
    with Session(engine()) as session:
        votes = session.exec(select(FeedbackSignal.signal).where(
            FeedbackSignal.user_id == uuid.UUID(str(user_id)))).all()
    assert votes == ["thumbs_up"]

    before = stored(user_id)
    page.locator("#regenerate").click()
    expect(page.locator("#stop-button")).to_be_visible()
    expect(page.locator("#regenerate")).to_be_visible(timeout=30_000)
    expect(page.locator(".message-meta")).to_have_count(2)
    after = stored(user_id)
    assert [m.seq for m in after] == [1, 2, 3, 4]
    # The question is asked again (same text, same place) and the last answer is a new one.
    assert [(m.role, m.content) for m in after[:3]] == [(m.role, m.content) for m in before[:3]]
    assert after[1].id == before[1].id and after[3].id != before[3].id

    page.locator(".message-user").first.hover()
    page.locator(".edit-message").first.click()
    page.locator("#edit-text").fill("What is an even prime?")
    page.locator("#edit-send").click()
    expect(page.locator("#stop-button")).to_be_visible()
    expect(page.locator("#send-button")).to_be_visible(timeout=30_000)
    expect(page.locator(".message-user")).to_have_count(1)
    expect(page.locator(".message-user")).to_have_text("What is an even prime?")
    expect(page.locator(".message-meta")).to_have_count(1, timeout=30_000)
    edited = stored(user_id)
    assert [(m.seq, m.role) for m in edited] == [(1, "user"), (2, "assistant")]
    assert edited[0].content == "What is an even prime?"
    with Session(engine()) as session:  # the vote went with the answer it was about
        assert session.exec(select(FeedbackSignal).where(
            FeedbackSignal.user_id == uuid.UUID(str(user_id)))).all() == []


def bubble_top(page: Page, question: str) -> float:
    """Where the bubble of this question is, in pixels from the top of the message scroller."""
    return page.evaluate("""(text) => {
        const scroller = document.getElementById('message-scroller');
        const box = [...scroller.querySelectorAll('.message-user')].find((el) => el.textContent === text);
        return box.closest('.bubble').getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    }""", question)


def questions(first: int, last: int) -> list[str]:
    return [f"Question {i}" for i in range(first, last + 1)]


def test_load_earlier_keeps_the_readers_place_and_the_page_holds_four_pages(page: Page):
    user_id = signed_in(page)
    with Session(engine()) as session:
        cid = uuid.uuid4()
        for i in range(110):  # 220 messages: more than the four pages of 50 the page holds
            conversations.record_turn(
                session=session, user_id=uuid.UUID(str(user_id)), conversation_id=cid, is_new=i == 0,
                source="chat", user_text=f"Question {i + 1}", user_tokens=3,
                assistant=conversations.AssistantRecord(
                    content=f"Answer {i + 1}", model="demo-mini", input_tokens=3, output_tokens=3,
                    cost_micros=5, status="complete", latency_ms=1, first_token_ms=1))
        session.commit()
    page.reload()
    rows(page).first.locator(".conversation-title").click()
    bubbles = page.locator(".message-user, .message-assistant")
    asked = page.locator(".message-user")
    expect(bubbles).to_have_count(50)
    expect(asked).to_have_text(questions(86, 110))
    # Opened at its end (on a busy machine the page may still be getting there: scrolling up
    # before it has would be no scroll at all).
    page.wait_for_function("""() => { const el = document.getElementById('message-scroller');
        return el && el.scrollTop > 0 && el.scrollHeight - el.scrollTop - el.clientHeight < 80; }""")

    # The reader scrolls up to the first message shown and asks for earlier ones: the earlier
    # messages come above, in order, and the message they were reading stays where it was.
    page.locator("#message-scroller").evaluate("el => el.scrollTo(0, 0)")
    expect(page.locator("[data-reader-anchor]")).to_contain_text("Question 86")
    before = bubble_top(page, "Question 86")
    page.locator("#load-earlier").click()
    expect(bubbles).to_have_count(100)
    expect(asked).to_have_text(questions(61, 110))
    assert abs(bubble_top(page, "Question 86") - before) <= 2
    snap(page, "load-earlier")
    page.locator("#load-earlier").click()
    expect(bubbles).to_have_count(150)
    page.locator("#load-earlier").click()
    expect(bubbles).to_have_count(200)
    expect(asked).to_have_text(questions(11, 110))

    # A fifth page: the newest leaves the page's state, and "Show newer" brings it back.
    page.locator("#message-scroller").evaluate("el => el.scrollTo(0, 0)")
    expect(page.locator("[data-reader-anchor]")).to_contain_text("Question 11")
    before = bubble_top(page, "Question 11")
    page.locator("#load-earlier").click()
    expect(asked).to_have_text(questions(1, 85))
    assert abs(bubble_top(page, "Question 11") - before) <= 2
    expect(page.locator("#load-earlier")).to_have_count(0)
    page.locator("#show-newer").click()
    expect(asked).to_have_text(questions(11, 110))
    expect(page.locator("#show-newer")).to_have_count(0)
    expect(page.locator("#load-earlier")).to_be_visible()

    # Edit & resend on an older message that "Load earlier" brought: it and all after it go.
    target = page.locator(".message-user-row").filter(has=page.get_by_text("Question 15", exact=True))
    target.hover()
    target.locator(".edit-message").click()
    page.locator("#edit-text").fill("What is an even prime?")
    page.locator("#edit-send").click()
    expect(asked).to_have_text([*questions(11, 14), "What is an even prime?"])
    expect(page.locator(".message-meta")).to_have_count(5, timeout=30_000)  # the new answer's badge
    expect(page.locator("#send-button")).to_be_visible()
    edited = stored(user_id)
    assert [m.seq for m in edited] == list(range(1, 31))
    assert edited[28].content == "What is an even prime?" and edited[29].role == "assistant"
    page.locator("#load-earlier").click()
    expect(asked).to_have_text([*questions(1, 14), "What is an even prime?"])
    expect(page.locator("#load-earlier")).to_have_count(0)

    # Asking while scrolled far up: the page goes to the end, where the question and answer are.
    page.locator("#message-scroller").evaluate("el => el.scrollTo(0, 0)")
    expect(asked.first).to_be_in_viewport()
    send(page, "And an odd one?", 16)
    expect(asked.last).to_have_text("And an odd one?")
    expect(page.locator(".message-meta").last).to_be_in_viewport()


def test_the_page_is_usable_at_phone_width(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=app_url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        signed_in(page)
        expect(page.locator("#sidebar")).to_be_hidden()
        send(page, "How do I reverse a list in Python?", 1)
        snap(page, "phone-chat")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # nothing sticks out sideways
        box = page.locator("#send-button").bounding_box()
        assert box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
        page.locator("#sidebar-toggle").click()
        expect(page.locator("#sidebar")).to_be_visible()
        snap(page, "phone-sidebar")
        rows(page).first.locator(".conversation-title").click()  # opening a chat closes the drawer
        expect(page.locator("#sidebar")).to_be_hidden()
    finally:
        context.close()


def test_share_from_the_menu_and_export(page: Page, browser, app_url):
    signed_in(page)
    send(page, "Give me a haiku about tea.", 1)
    page.locator("#conversation-menu").click()
    page.locator("#menu-share").click()
    link = page.locator("#share-url")
    expect(link).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/share/[\w-]{40,}$"))
    url = link.input_value()

    stranger = browser.new_context(base_url=app_url)
    try:
        shared = stranger.new_page()
        shared.goto(url)
        expect(shared.get_by_text("Give me a haiku about tea.")).to_be_visible(timeout=20_000)
        page.locator("#share-revoke").click()
        expect(page.locator("#share-notice")).to_contain_text("no longer works")
        shared.reload()
        expect(shared.get_by_text("This link is no longer available.")).to_be_visible(timeout=20_000)
    finally:
        stranger.close()

    page.keyboard.press("Escape")
    page.locator("#conversation-menu").click()
    with page.expect_download() as download:
        page.locator("#menu-export-md").click()
    path = download.value.path()
    text = open(path, encoding="utf-8").read()
    assert download.value.suggested_filename.endswith(".md")
    assert "Give me a haiku about tea." in text
