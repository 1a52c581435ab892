"""The in-process circuit breaker: window, cooldown, one half-open trial, closing and reopening."""

from __future__ import annotations

from chatapp.services.breaker import BreakerConfig, MemoryBreaker, Permit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def breaker() -> tuple[MemoryBreaker, Clock]:
    clock = Clock()
    return MemoryBreaker(BreakerConfig(threshold=5, window=60, cooldown=30), clock=clock), clock


async def fail(b: MemoryBreaker, times: int, key: str = "m") -> None:
    for _ in range(times):
        await b.record(key, ok=False, trial=False)


async def test_opens_after_threshold_failures_within_the_window():
    b, clock = breaker()
    await fail(b, 4)
    assert await b.allow("m") == Permit.CLOSED
    await fail(b, 1)
    assert await b.allow("m") == Permit.OPEN and await b.state("m") == "open"
    assert await b.allow("other") == Permit.CLOSED  # per model


async def test_failures_outside_the_window_do_not_count_and_successes_do_not_hide_failures():
    b, clock = breaker()
    await fail(b, 4)
    clock.now += 61
    await fail(b, 4)
    assert await b.allow("m") == Permit.CLOSED
    await b.record("m", ok=True, trial=False)
    await fail(b, 1)
    assert await b.allow("m") == Permit.OPEN


async def test_exactly_one_trial_after_the_cooldown_and_success_closes():
    b, clock = breaker()
    await fail(b, 5)
    clock.now += 29
    assert await b.allow("m") == Permit.OPEN
    clock.now += 2
    assert await b.state("m") == "half_open"
    assert await b.allow("m") == Permit.TRIAL
    assert await b.allow("m") == Permit.OPEN  # the trial is in flight: nobody else
    await b.record("m", ok=True, trial=True)
    assert await b.state("m") == "closed"
    assert await b.allow("m") == Permit.CLOSED
    await fail(b, 4)
    assert await b.allow("m") == Permit.CLOSED  # a fresh count after closing


async def test_a_failed_trial_reopens_for_another_cooldown():
    b, clock = breaker()
    await fail(b, 5)
    clock.now += 31
    assert await b.allow("m") == Permit.TRIAL
    await b.record("m", ok=False, trial=True)
    assert await b.allow("m") == Permit.OPEN
    clock.now += 31
    assert await b.allow("m") == Permit.TRIAL


async def test_a_vanished_trial_expires_and_the_next_caller_probes():
    b, clock = breaker()
    await fail(b, 5)
    clock.now += 31
    assert await b.allow("m") == Permit.TRIAL  # its caller never reports back
    clock.now += 31
    assert await b.allow("m") == Permit.TRIAL
