"""Chat history: how long the chat page takes to open, to open a conversation and to load earlier
messages, and how much state it sends over the websocket, for a user with a lot of history.

    .venv/bin/python bench/chat_history.py [--runs N] [--postgres]

One user with 1,000 conversations over ~60 days (a few starred); among them one of 5,000 messages,
one of 50 (the same texts as the big one's last 50, so their payloads can be compared byte for
byte) and one of 5. The real app runs as `make run` runs it (`reflex run --env prod`, one port,
its own web folder .web-bench) on a fresh SQLite database (and, with --postgres, again on a fresh
PostgreSQL one); Chromium logs in through the log-in form and then, in a new tab per run (a fresh
page state, as when a user comes back):

- opens /chat: navigation start until the sidebar's rows are rendered;
- clicks the 5-, the 50- and the 5,000-message conversation in the sidebar: click until its last
  message is rendered and on screen;
- clicks "Load earlier" three times on the big one: click until 50 more bubbles are rendered;
- counts the bytes of the websocket frames the page receives for each step (until the socket is
  quiet for 300 ms after the render): the state Reflex sends.

It also times the service calls behind those steps in-process. Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import database, percentile  # noqa: E402
from bench._history_data import BIG, CONVERSATIONS, MEDIUM, PASSWORD, SMALL, Dataset, seed  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
BUBBLES = ".message-user, .message-assistant"

# --- in the browser -----------------------------------------------------------------------------

class FrameCounter:
    """Bytes of the websocket frames a page receives (Reflex's state deltas, over socket.io)."""

    def __init__(self) -> None:
        self.bytes = self.frames = 0

    def watch(self, page) -> None:
        page.on("websocket", lambda socket: socket.on("framereceived", self._received))

    def _received(self, payload) -> None:
        self.bytes += len(payload.encode() if isinstance(payload, str) else payload)
        self.frames += 1

    def reset(self) -> None:
        self.bytes = self.frames = 0

    def settle(self, page, quiet_ms: int = 300) -> int:
        """The bytes received so far, once no frame came for `quiet_ms`."""
        while True:
            seen = self.frames
            page.wait_for_timeout(quiet_ms)
            if self.frames == seen:
                return self.bytes


def _rendered(count: str, marker: str | None = None) -> str:
    """A JS condition: `count` bubbles rendered (and the last one ends with `marker` and is on screen)."""
    check = ""
    if marker:
        check = (f" && last.textContent.includes({marker!r})"
                 " && last.getBoundingClientRect().top < window.innerHeight"
                 " && last.getBoundingClientRect().bottom > 0")
    return (f"(() => {{ const all = document.querySelectorAll({BUBBLES!r}); const last = all[all.length - 1];"
            f" return all.length === {count} && !!last{check}; }})()")


# In every page, before its own scripts: the time the first state frame arrives after a click
# (or, on a new page, after navigation start), to tell the server's part from the browser's.
FIRST_FRAME = """
window.__benchFirstFrame = null;
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', (event) => {
      // engine.io pings and acks are a few bytes; a state update is not.
      if (window.__benchFirstFrame === null && String(event.data).length > 16) {
        window.__benchFirstFrame = performance.now();
      }
    });
  }
};
"""


def timed_click(page, selector: str, done: str) -> tuple[float, float]:
    """Milliseconds from a click on `selector` (dispatched in the page) until `done` holds, checked
    on every animation frame; and until the first state frame arrived."""
    page.evaluate("sel => { window.__benchFirstFrame = null; window.__benchStart = performance.now();"
                  " document.querySelector(sel).click(); }", selector)
    end = page.wait_for_function(f"() => ({done}) && performance.now()", polling="raf", timeout=120_000)
    start, first = page.evaluate("[window.__benchStart, window.__benchFirstFrame]")
    return end.json_value() - start, (first or float("nan")) - start


@dataclass
class Step:
    label: str
    times: list[float] = field(default_factory=list)
    first_frames: list[float] = field(default_factory=list)
    payloads: list[int] = field(default_factory=list)


def browse(app_url: str, data: Dataset, runs: int) -> list[Step]:
    from playwright.sync_api import expect, sync_playwright

    from chatapp.state.sidebar import PAGE, STARRED_PAGE

    rows = min(data.starred, STARRED_PAGE) + PAGE  # the sidebar's first pages of starred and others
    steps = {key: Step(label) for key, label in [
        ("page", f"open /chat (sidebar: {rows} rows of {CONVERSATIONS:,} conversations)"),
        ("small", f"open the {SMALL}-message conversation"),
        ("medium", f"open the {MEDIUM}-message conversation"),
        ("big", f"open the {BIG:,}-message conversation (last 50)"),
        ("earlier1", "Load earlier on it (50 → 100 bubbles)"),
        ("earlier2", "Load earlier again (100 → 150)"),
        ("earlier3", "Load earlier again (150 → 200)"),
    ]}
    counter = FrameCounter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=app_url)
        context.set_default_timeout(60_000)
        context.add_init_script(FIRST_FRAME)
        page = context.new_page()
        page.goto("/login")
        page.locator("#email").fill(data.email)
        page.locator("#password").fill(PASSWORD)
        page.locator("#login-submit").click()
        expect(page.locator(".conversation-row")).to_have_count(rows, timeout=60_000)
        page.close()
        for run in range(runs + 1):  # run 0 warms up (browser cache, server code paths)
            page = context.new_page()  # a new tab: the token in localStorage, a fresh page state
            counter.watch(page)
            measured: dict[str, tuple[float, float, int]] = {}
            counter.reset()
            page.goto("/chat", wait_until="commit")
            # performance.now() counts from this document's navigation start.
            opened = page.wait_for_function(
                f"() => document.querySelectorAll('.conversation-row').length >= {rows} && performance.now()",
                polling="raf", timeout=120_000).json_value()
            measured["page"] = (opened, page.evaluate("window.__benchFirstFrame") or float("nan"),
                                counter.settle(page))
            for key, cid, count in (("small", data.small, SMALL), ("medium", data.medium, MEDIUM),
                                    ("big", data.big, 50)):
                counter.reset()
                elapsed, first = timed_click(page, f'.conversation-row[data-id="{cid}"] .conversation-title',
                                             _rendered(str(count), data.marker(cid)))
                measured[key] = (elapsed, first, counter.settle(page))
            for n in (1, 2, 3):
                counter.reset()
                elapsed, first = timed_click(page, "#load-earlier", _rendered(str(50 + 50 * n)))
                measured[f"earlier{n}"] = (elapsed, first, counter.settle(page))
            page.close()
            if run:
                for key, (elapsed, first, payload) in measured.items():
                    steps[key].times.append(elapsed)
                    steps[key].first_frames.append(first)
                    steps[key].payloads.append(payload)
            print(f"  run {run or 'warm-up'}: " + ", ".join(f"{k} {v[0]:.0f} ms" for k, v in measured.items()),
                  file=sys.stderr, flush=True)
        browser.close()
    return list(steps.values())


# --- in-process service calls -------------------------------------------------------------------

def service_rows(data: Dataset, iterations: int) -> list[str]:
    """The service calls behind those steps, each in its own transaction as run_db runs them."""
    from chatapp.db import session_scope
    from chatapp.services import history
    from chatapp.state.sidebar import STARRED_PAGE, _first_pages
    from chatapp.state.windowed_messages import conversation_page

    uid = data.user_id
    cases = [
        (f"history.messages_page: last 50 of {BIG:,}",
         lambda s: history.messages_page(session=s, user_id=uid, conversation_id=data.big)),
        (f"history.messages_page: 50 before seq 2,501 of {BIG:,}",
         lambda s: history.messages_page(session=s, user_id=uid, conversation_id=data.big, before=2_501)),
        (f"history.messages_page: all {SMALL} of {SMALL}",
         lambda s: history.messages_page(session=s, user_id=uid, conversation_id=data.small)),
        (f"ChatState's conversation_page (+ thumbs, views): last 50 of {BIG:,}",
         lambda s: conversation_page(session=s, user_id=uid, conversation_id=data.big)),
        (f"history.list_conversations: first 30 of {CONVERSATIONS:,}",
         lambda s: history.list_conversations(session=s, user_id=uid, starred=False)),
        ("history.list_conversations: the first page of starred",
         lambda s: history.list_conversations(session=s, user_id=uid, starred=True, limit=STARRED_PAGE)),
        ("SidebarState's _first_pages (both lists + rows)",
         lambda s: _first_pages(session=s, user_id=uid, query="", archived=False)),
        (f"history.list_conversations: search, no match ({data.messages:,} messages' text)",
         lambda s: history.list_conversations(session=s, user_id=uid, query="no such words anywhere")),
    ]
    rows = []
    for label, call in cases:
        # The search reads every message's text: a few calls say enough (and take long enough).
        count = 3 if "search" in label else iterations
        times = []
        for _ in range(count):
            started = time.perf_counter()
            with session_scope() as session:
                call(session)
            times.append((time.perf_counter() - started) * 1000)
        rows.append(f"| {label} ({count}×) | {percentile(times, 50):.2f} | {percentile(times, 95):.2f} |")
    return rows


# --- the whole run ------------------------------------------------------------------------------

def one_database(kind: str, runs: int, iterations: int) -> None:
    from tests.support.app_process import AppProcess

    name = "SQLite" if kind == "sqlite" else "PostgreSQL"
    with database(kind) as url, tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        data = seed(url)
        print(f"  seeded {data.messages:,} messages in {time.perf_counter() - started:.1f} s; starting the app",
              file=sys.stderr, flush=True)
        app = AppProcess(env={"DATABASE_URL": url, "DATA_DIR": f"{workdir}/data"}, workdir=Path(workdir),
                         web_dir=".web-bench")
        app.start(timeout=900)
        try:
            steps = browse(app.url, data, runs)
        finally:
            app.stop()
        services = service_rows(data, iterations)

    lengths = sorted(data.lengths)
    print(f"\n### {name}\n")
    print(f"Machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}; app: `reflex run --env prod`, one port; Chromium headless.")
    print(f"Data: 1 user, {CONVERSATIONS:,} conversations over 60 days ({data.starred} starred), "
          f"{data.messages:,} messages, {data.text_bytes / 1e6:.1f} MB of text (message length p50 "
          f"{percentile(lengths, 50):,.0f}, max {lengths[-1]:,} characters); measured: conversations of "
          f"{BIG:,}, {MEDIUM} and {SMALL} messages (the {MEDIUM} repeat the {BIG:,}'s last {MEDIUM} texts).\n")
    print(f"| in Chromium ({runs} runs) | p50 ms | p95 ms | first state frame at, p50 ms | "
          "received over the websocket (median) |")
    print("|---|---|---|---|---|")
    for step in steps:
        print(f"| {step.label} | {percentile(step.times, 50):.0f} | {percentile(step.times, 95):.0f} | "
              f"{percentile(step.first_frames, 50):.0f} | {statistics.median(step.payloads) / 1000:.1f} kB |")
    print("\n| service call in-process (one transaction each) | p50 ms | p95 ms |")
    print("|---|---|---|")
    for row in services:
        print(row)
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="measured runs in the browser (after one warm-up)")
    parser.add_argument("--iterations", type=int, default=200, help="calls per in-process service timing")
    parser.add_argument("--postgres", action="store_true", help="also on a fresh PostgreSQL database")
    args = parser.parse_args()
    for kind in ["sqlite", "postgresql"] if args.postgres else ["sqlite"]:
        one_database(kind, args.runs, args.iterations)


if __name__ == "__main__":
    main()
