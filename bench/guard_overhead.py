"""Guard overhead: time to first token through the app's guarded pipeline minus direct to the same
demo upstream, at 1 and 50 concurrent streams; and the latency of one budget reservation.

    .venv/bin/python bench/guard_overhead.py [--db sqlite|postgresql|both] [--requests N]

The demo upstream runs in its own process; the app (Granian, one worker, the FastAPI app with
the whole pipeline) calls it over loopback HTTP, exactly as it calls a real provider. Two rows
show the floor under the guard: "direct, openai SDK" is the app's own provider call
(`llm.stream_chat`) made from the benchmark's process, no server, no guard; "bare proxy" is a
guard-free pass-through server (bench/bare_proxy.py). Prints a table; it asserts nothing (speed
targets are not tests).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp  # noqa: E402
import httpx  # noqa: E402

from bench._harness import api_server, cpu_seconds, database, summary  # noqa: E402

QUESTION = "What is 6*7?"
# Each request through the app asks another sum (the demo answers all of them as briefly as
# QUESTION): the same question again and again would be answered from the cache, then blocked,
# by the abuse check, which is part of what is measured.


def questions():
    while True:
        for a in range(2, 1000):
            for b in range(2, 100):
                yield f"What is {a}*{b}?"


_QUESTIONS = questions()


async def ttft(session: aiohttp.ClientSession, url: str, body: dict, headers: dict, kind: str) -> float:
    """Seconds from sending the request to the first piece of answer text."""
    started = time.perf_counter()
    first = None
    async with session.post(url, json=body, headers=headers) as response:
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}: {await response.text()}")
        async for raw in response.content:
            line = raw.decode().strip()
            if first is None and line.startswith("data: ") and line != "data: [DONE]":
                data = json.loads(line[6:])
                text = data.get("text") if kind == "api" else (
                    (data.get("choices") or [{}])[0].get("delta", {}).get("content"))
                if text:
                    first = time.perf_counter() - started
    return first


async def measure(target: str, upstream: str, app: str, token: str, demo_key: str,
                  concurrency: int, requests: int, bare: str = "") -> list[float]:
    if target == "bare proxy":  # the floor: the same hop with no guard (bench/bare_proxy.py)
        url, headers, kind = f"{bare}/v1/chat/completions", {}, "openai"
        body = {"model": "demo-mini", "messages": [{"role": "user", "content": QUESTION}]}
    elif target == "direct":
        url, headers, kind = f"{upstream}/demo/v1/chat/completions", {"Authorization": f"Bearer {demo_key}"}, "openai"
        body = {"model": "demo-mini", "stream": True, "stream_options": {"include_usage": True},
                "messages": [{"role": "user", "content": QUESTION}]}
    elif target == "/api/chat":
        url, headers, kind = f"{app}/api/chat", {"Authorization": f"Bearer {token}"}, "api"
        body = {"message": QUESTION, "model": "demo-mini", "title": False}  # a title call would
        # run after each stream, beside the next request: it is not part of the guard
    else:
        url, headers, kind = f"{app}/v1/chat/completions", {"Authorization": f"Bearer {token}"}, "openai"
        body = {"model": "demo-mini", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
    results: list[float] = []
    connector = aiohttp.TCPConnector(limit=concurrency, keepalive_timeout=60)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as session:
        queue = list(range(requests))

        async def worker():
            while queue:
                queue.pop()
                asked = dict(body)
                if target == "/api/chat":
                    asked["message"] = next(_QUESTIONS)
                elif target == "/v1":
                    asked["messages"] = [{"role": "user", "content": next(_QUESTIONS)}]
                results.append(await ttft(session, url, asked, headers, kind))

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


async def sdk_direct(concurrency: int, requests: int) -> list[float]:
    """Time to first text of the app's own provider call (`llm.stream_chat`: the openai SDK's
    request path and SSE decoding), made from this process straight to the demo upstream: no
    server hop, no guard. What it adds over the aiohttp client is the SDK's share of the floor."""
    from chatapp.services import catalog, llm
    from chatapp.settings import get_settings

    settings = get_settings()
    model = catalog.get_model("demo-mini", settings)
    results: list[float] = []
    queue = list(range(requests))

    async def worker():
        while queue:
            queue.pop()
            started = time.perf_counter()
            stream = llm.stream_chat(model, [{"role": "user", "content": next(_QUESTIONS)}],
                                     max_tokens=64, settings=settings)
            first = None
            async for piece in stream:
                if first is None and isinstance(piece, str) and piece:
                    first = time.perf_counter() - started
            results.append(first)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


def prepare_user(app: str, db_url: str) -> str:
    """An Enterprise user with budgets and rate limits too large to interfere (see overhead_rows):
    the benchmark measures the guard, not refusals."""
    os.environ["DATABASE_URL"] = db_url
    from chatapp.settings import reset_settings

    reset_settings()
    from chatapp.db import session_scope
    from chatapp.models import UserProfile
    from sqlmodel import select

    email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
    token = httpx.post(f"{app}/api/auth/signup", json={"email": email, "password": "bench-password"},
                       timeout=30).json()["access_token"]
    with session_scope() as session:
        from chatapp.models import User

        user_id = session.exec(select(User.id).where(User.email == email)).one()
        profile = session.exec(select(UserProfile).where(UserProfile.user_id == user_id)).one()
        profile.daily_budget_micros = profile.monthly_budget_micros = 10**12
        profile.emergency_cap_micros = 10**12
        profile.tier = "enterprise"
        session.add(profile)
    return token


def overhead_rows(db_kind: str, requests: int) -> list[str]:
    with database(db_kind) as db_url:
        common = {"DATABASE_URL": db_url, "DEMO_TOKENS_PER_SECOND": "2000",
                  "PLATFORM_MONTHLY_BUDGET": "1000000", "SECRET_KEY": "b" * 48,
                  "TIER_OVERRIDES": json.dumps({"enterprise": {
                      "messages_per_minute": 10**6, "messages_per_hour": 10**6, "messages_per_day": 10**7,
                      "tokens_per_minute": 10**9}})}
        with api_server(common) as (upstream, _):
            os.environ.update(SECRET_KEY="b" * 48, DEMO_BASE_URL=f"{upstream}/demo/v1")
            from chatapp.services.catalog import demo_api_key
            from chatapp.settings import get_settings, reset_settings

            reset_settings()
            demo_key = demo_api_key(get_settings())
            bare_env = {"BARE_UPSTREAM": f"{upstream}/demo/v1", "BARE_KEY": demo_key}
            with api_server({**common, "DEMO_BASE_URL": f"{upstream}/demo/v1"}) as (app, app_process), \
                    api_server(bare_env, factory="bench.bare_proxy:create_bare") as (bare, bare_process):
                token = prepare_user(app, db_url)
                servers = {"app": (app, app_process), "bare": (bare, bare_process)}
                return [row for concurrency, count in ((1, requests), (50, requests * 2))
                        for row in _rows(db_kind, upstream, servers, token, demo_key, concurrency, count)]


def _rows(db_kind: str, upstream: str, servers: dict, token: str, demo_key: str,
          concurrency: int, count: int) -> list[str]:
    (app, app_process), (bare, bare_process) = servers["app"], servers["bare"]
    for target in ("/api/chat", "bare proxy"):  # warm-up
        asyncio.run(measure(target, upstream, app, token, demo_key, concurrency, 20, bare))
    direct = summary(asyncio.run(measure("direct", upstream, app, token, demo_key, concurrency, count)))
    asyncio.run(sdk_direct(concurrency, 20))  # warm-up
    sdk = summary(asyncio.run(sdk_direct(concurrency, count)))
    rows = [f"| {db_kind} | direct, openai SDK | {concurrency} | {direct[0]*1000:.2f} / {direct[1]*1000:.2f} | "
            f"{sdk[0]*1000:.2f} / {sdk[1]*1000:.2f} | **{(sdk[0]-direct[0])*1000:+.2f}** / "
            f"**{(sdk[1]-direct[1])*1000:+.2f}** | |"]
    for target in ("bare proxy", "/api/chat", "/v1"):
        process = bare_process if target == "bare proxy" else app_process
        cpu_before = cpu_seconds(process.pid)
        values = asyncio.run(measure(target, upstream, app, token, demo_key, concurrency, count, bare))
        cpu_ms = (cpu_seconds(process.pid) - cpu_before) * 1000 / count
        through = summary(values)
        rows.append(
            f"| {db_kind} | {target} | {concurrency} | {direct[0]*1000:.2f} / {direct[1]*1000:.2f} | "
            f"{through[0]*1000:.2f} / {through[1]*1000:.2f} | "
            f"**{(through[0]-direct[0])*1000:+.2f}** / **{(through[1]-direct[1])*1000:+.2f}** | {cpu_ms:.1f} |")
    return rows


def reservation_rows(db_kind: str, iterations: int) -> str:
    with database(db_kind) as db_url:
        os.environ["DATABASE_URL"] = db_url
        from chatapp.settings import reset_settings

        reset_settings()
        from chatapp.db import session_scope
        from chatapp.models import User
        from chatapp.services import budgets
        from chatapp.services.usage import today

        with session_scope() as session:
            user = User(email=f"{uuid.uuid4().hex}@example.com", password_hash="x")
            session.add(user)
        limits = budgets.Limits(10**12, 10**12, 10**12, 10**12)
        times, settle_times = [], []
        for _ in range(iterations):
            started = time.perf_counter()
            with session_scope() as session:
                ticket = budgets.reserve(session=session, user_id=user.id, amount_micros=2_408, limits=limits,
                                         model_id="demo-mini", day=today(), ttl=timedelta(minutes=10))
            times.append(time.perf_counter() - started)
            started = time.perf_counter()
            with session_scope() as session:
                budgets.settle(session=session, reservation_id=ticket.id, cost_micros=75)
            settle_times.append(time.perf_counter() - started)
        r, s = summary(times), summary(settle_times)
        return (f"| {db_kind} | {r[0]*1000:.2f} / {r[1]*1000:.2f} | {s[0]*1000:.2f} / {s[1]*1000:.2f} | "
                f"{iterations} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--requests", type=int, default=200, help="requests per run at 1 stream (x2 at 50)")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    print("Time to first token, ms (p50 / p99); overhead = through the app minus direct to the demo upstream")
    print("| database | surface | streams | direct | through the app | added overhead | app CPU ms/request |")
    print("|---|---|---|---|---|---|---|")
    for kind in kinds:
        for row in overhead_rows(kind, args.requests):
            print(row, flush=True)
    print()
    print("Budget reservation (one transaction: three conditional UPDATEs and the reservation row), ms")
    print("| database | reserve p50 / p99 | settle p50 / p99 | iterations |")
    print("|---|---|---|---|")
    for kind in kinds:
        print(reservation_rows(kind, 1000), flush=True)


if __name__ == "__main__":
    main()
