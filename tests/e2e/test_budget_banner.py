"""In Chromium: a free user near the limit sees the warning banner, then the block with an upgrade link."""

from __future__ import annotations

import os
import re

from playwright.sync_api import Page, expect

from tests.e2e.test_auth_flow import PASSWORD, create_user, log_in, new_email
from tests.support.budget import set_spent, user_id_for

DAY = 500_000  # the free tier's $0.50, in micro-dollars


def test_warning_banner_then_block_with_upgrade_link(page: Page):
    url = os.environ["DATABASE_URL"]
    address = new_email()
    create_user(address)
    user_id = user_id_for(url, address)
    set_spent(url, user_id, day=int(DAY * 0.82), month=int(DAY * 0.82))

    page.goto("/login")
    log_in(page, address, PASSWORD)
    expect(page).to_have_url(re.compile(r"/chat/?$"))
    banner = page.locator("#usage-banner")
    expect(banner).to_contain_text("82% of today's budget used — answers now use a lighter model.")
    expect(page.locator("#usage-upgrade")).to_have_attribute("href", "/pricing")

    page.locator("#composer").fill("What is 6*7?")
    page.locator("#send-button").click()
    expect(page.locator(".message-meta")).to_contain_text("Demo Mini", timeout=30_000)

    set_spent(url, user_id, day=DAY, month=DAY)  # the rest of today's budget is gone
    page.locator("#composer").fill("And 7*8?")
    page.locator("#send-button").click()
    expect(banner).to_contain_text("You have used today's budget. It resets at midnight UTC")
    expect(page.locator("#usage-upgrade")).to_be_visible()
    expect(page.locator("#chat-error")).to_have_count(0)  # the banner says it once
    expect(page.locator("#composer")).to_have_value("And 7*8?")  # the message is not lost

    page.locator("#usage-upgrade").click()
    expect(page).to_have_url(re.compile(r"/pricing/?$"))
    expect(page.locator("#billing-not-configured")).to_be_visible()
    expect(page.locator(".tier-card")).to_have_count(4)
    expect(page.locator(".tier-card").first).to_contain_text("Your plan")
