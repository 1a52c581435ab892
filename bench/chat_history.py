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
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from bench._harness import database, percentile  # noqa: E402

CONVERSATIONS = 1_000
BIG, MEDIUM, SMALL = 5_000, 50, 5
STARRED_OTHERS = 2  # starred besides the three measured ones (they are starred, to be on top)
PASSWORD = "bench-password-1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
BUBBLES = ".message-user, .message-assistant"

# --- the data set -------------------------------------------------------------------------------

WORDS = ("the a to of and in is it you that for on with as this be are can use your we not or if "
         "by an at from when then each one more than into list value index query page time model token "
         "cost request server cache state event message answer database table row column error test "
         "build deploy python function class return string number loop file path config option "
         "memory thread process socket latency budget limit cursor history search").split()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 18))
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "?", ":"])


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))


def _code(rng: random.Random) -> str:
    lines = [f"def {rng.choice(WORDS)}_{rng.choice(WORDS)}(items, limit=50):"]
    for _ in range(rng.randint(2, 8)):
        lines.append(f"    {rng.choice(WORDS)} = [x for x in items if x.{rng.choice(WORDS)} < limit]")
    lines.append(f"    return {rng.choice(WORDS)}")
    return "```python\n" + "\n".join(lines) + "\n```"


def question(rng: random.Random) -> str:
    """A user message: 60 to 600 characters, now and then with a pasted snippet."""
    target = rng.randint(60, 600)
    parts = [_sentence(rng)]
    if rng.random() < 0.15:
        parts.append(_code(rng))
    while len("\n\n".join(parts)) < target:
        parts.append(_sentence(rng))
    return "\n\n".join(parts)[:max(target, 60)]


def answer(rng: random.Random) -> str:
    """An assistant message: 200 to 1,500 characters of markdown (headings, lists, code)."""
    target = rng.randint(200, 1_500)
    parts = []
    if rng.random() < 0.2:
        parts.append(f"### {_sentence(rng)[:-1]}")
    while len("\n\n".join(parts)) < target:
        roll = rng.random()
        if roll < 0.2:
            parts.append(_code(rng))
        elif roll < 0.4:
            parts.append("\n".join(f"- **{rng.choice(WORDS)}**: {_sentence(rng)}" for _ in range(rng.randint(2, 5))))
        else:
            parts.append(_paragraph(rng))
    text = "\n\n".join(parts)
    return text if len(text) <= 1_500 else text[:1_500].rsplit(" ", 1)[0]


@dataclass
class Dataset:
    email: str
    user_id: uuid.UUID
    big: uuid.UUID
    medium: uuid.UUID
    small: uuid.UUID
    starred: int
    messages: int
    text_bytes: int
    lengths: list[int] = field(default_factory=list)

    def marker(self, conversation_id: uuid.UUID) -> str:
        """Ends the conversation's last message: seeing it means the last message is rendered."""
        return f"end-marker-{conversation_id.hex[:8]}"


def seed(url: str) -> Dataset:
    """The user and their history, bulk-inserted (seq contiguous from 1; message_count, totals and
    updated_at as record_turn leaves them)."""
    os.environ["DATABASE_URL"] = url
    from chatapp.settings import reset_settings

    reset_settings()
    from chatapp.db import engine_for, session_scope
    from chatapp.models import Conversation, FeedbackSignal, Message, utcnow
    from chatapp.services import auth

    rng = random.Random(20261124)
    email = f"history-{uuid.uuid4().hex[:8]}@example.com"
    with session_scope() as session:
        user_id = auth.sign_up(session=session, email=email, password=PASSWORD).id
    now = utcnow()
    big, medium, small = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    sizes = {big: BIG, medium: MEDIUM, small: SMALL}
    ids = [big, medium, small] + [uuid.uuid4() for _ in range(CONVERSATIONS - 3)]
    starred = {big, medium, small, *rng.sample(ids[3:], STARRED_OTHERS)}
    # The big conversation's texts; the 50-message one repeats its last 50 (same sizes, same markdown).
    big_texts = [question(rng) if i % 2 == 0 else answer(rng) for i in range(BIG)]
    data = Dataset(email=email, user_id=user_id, big=big, medium=medium, small=small, starred=len(starred),
                   messages=0, text_bytes=0)
    conversations, messages, thumbs = [], [], []
    for index, cid in enumerate(ids):
        count = sizes.get(cid) or rng.choice(range(2, 21, 2))
        updated = now - timedelta(days=rng.uniform(0, 60)) if index else now - timedelta(days=3)
        started = updated - timedelta(hours=rng.uniform(0.1, 2) if count < 100 else 24 * 20)
        step = (updated - started) / max(1, count - 1)
        if cid == big:
            texts = list(big_texts)
        elif cid == medium:
            texts = big_texts[-MEDIUM:]
        else:
            texts = [question(rng) if i % 2 == 0 else answer(rng) for i in range(count)]
        texts[-1] = f"{texts[-1]}\n\n{data.marker(cid)}"
        tokens = cost = 0
        for seq, text in enumerate(texts, start=1):
            role = "user" if seq % 2 else "assistant"
            prompt, completion = (len(text) // 4, 0) if role == "user" else (300 + seq, len(text) // 4)
            price = 0 if role == "user" else 20 + completion // 10
            tokens, cost = tokens + (completion + prompt if role == "assistant" else 0), cost + price
            message = Message(conversation_id=cid, user_id=user_id, seq=seq, role=role, content=text,
                              model=None if role == "user" else "demo-mini", prompt_tokens=prompt,
                              completion_tokens=completion, total_tokens=prompt + completion,
                              cost_micros=price, status="complete",
                              latency_ms=None if role == "user" else rng.randint(400, 4_000),
                              first_token_ms=None if role == "user" else rng.randint(100, 900),
                              created_at=started + step * (seq - 1))
            messages.append(message.model_dump())
            data.lengths.append(len(text))
            if role == "assistant" and rng.random() < 0.05:
                thumbs.append(FeedbackSignal(user_id=user_id, conversation_id=cid, message_id=message.id,
                                             signal="thumbs_up", score=1.0).model_dump(exclude={"id"}))
        title = " ".join(texts[0].split()[:8])[:60]
        conversations.append(Conversation(
            id=cid, user_id=user_id, title=title, model="demo-mini", total_tokens=tokens, cost_micros=cost,
            message_count=count, starred=cid in starred, created_at=started, updated_at=updated).model_dump())
    engine = engine_for(url)
    with engine.begin() as connection:
        connection.execute(sa.insert(Conversation.__table__), conversations)
        for start in range(0, len(messages), 2_000):
            connection.execute(sa.insert(Message.__table__), messages[start:start + 2_000])
        connection.execute(sa.insert(FeedbackSignal.__table__), thumbs)
    if url.startswith("postgresql"):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    data.messages = len(messages)
    data.text_bytes = sum(len(m["content"].encode()) for m in messages)
    return data


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

    rows = data.starred + 30  # the starred ones, then the sidebar's first page (SidebarState.PAGE)
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
    from chatapp.state.chat import _page
    from chatapp.state.sidebar import _load

    uid = data.user_id
    cases = [
        (f"history.messages_page: last 50 of {BIG:,}",
         lambda s: history.messages_page(session=s, user_id=uid, conversation_id=data.big)),
        (f"history.messages_page: 50 before seq 2,501 of {BIG:,}",
         lambda s: history.messages_page(session=s, user_id=uid, conversation_id=data.big, before=2_501)),
        (f"history.messages_page: all {SMALL} of {SMALL}",
         lambda s: history.messages_page(session=s, user_id=uid, conversation_id=data.small)),
        (f"ChatState's _page (+ thumbs, views): last 50 of {BIG:,}",
         lambda s: _page(session=s, user_id=uid, conversation_id=data.big, before=None)),
        (f"history.list_conversations: first 30 of {CONVERSATIONS:,}",
         lambda s: history.list_conversations(session=s, user_id=uid, starred=False)),
        ("history.list_conversations: the starred ones",
         lambda s: history.list_conversations(session=s, user_id=uid, starred=True, limit=history.PAGE_MAX)),
        ("SidebarState's _load (both lists + rows)",
         lambda s: _load(session=s, user_id=uid, query="", archived=False, cursor=None, after=None)),
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
