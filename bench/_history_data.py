"""The data set of bench/chat_history.py: one user with 1,000 conversations over ~60 days (a few
starred), among them one of 5,000 messages, one of 50 (the big one's last 50 texts) and one of 5,
bulk-inserted with contiguous seq numbers and the totals record_turn would leave."""

from __future__ import annotations

import os
import random
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

CONVERSATIONS = 1_000
BIG, MEDIUM, SMALL = 5_000, 50, 5
STARRED_OTHERS = 2  # starred besides the three measured ones (they are starred, to be on top)
PASSWORD = "bench-password-1"

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
