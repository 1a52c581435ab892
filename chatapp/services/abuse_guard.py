"""Step 2 of the pipeline around the detector (services/abuse): the patterns from the database,
the user's recent messages, the events the admin dashboard lists, strikes and suspensions.

A blocked message is never sent to a provider and costs nothing. Every third block within a day
suspends the user, for longer each time (15 minutes, 1 hour, 24 hours); an administrator can
lift a suspension.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from chatapp.models import AbuseEvent, AbusePattern, Message, User, utcnow
from chatapp.services import abuse
from chatapp.services.abuse import Action, Verdict
from chatapp.services.abuse_defaults import DEFAULT_PATTERNS
from chatapp.services.errors import AbuseBlocked, NotFound, RateLimited, UserSuspended

PATTERNS_TTL_SECONDS = 60.0  # an administrator's edit reaches every worker within a minute
RECENT_LIMIT = 50
STRIKES_PER_SUSPENSION = 3
SUSPENSIONS = (timedelta(minutes=15), timedelta(hours=1), timedelta(hours=24))
STRIKES_FORGOTTEN_AFTER = timedelta(hours=24)
THROTTLE_SECONDS = 60

_lock = threading.Lock()
_cached: tuple[float, tuple[abuse.Pattern, ...]] | None = None


def patterns(*, session: Session) -> tuple[abuse.Pattern, ...]:
    """The enabled patterns, compiled; read again from the database at most once a minute.
    An empty table (a database made without the migrations) falls back to the defaults."""
    global _cached
    now = time.monotonic()
    with _lock:
        if _cached is not None and now - _cached[0] < PATTERNS_TTL_SECONDS:
            return _cached[1]
    rows = session.execute(sa.select(AbusePattern.id, AbusePattern.pattern, AbusePattern.pattern_type,
                                     AbusePattern.action).where(AbusePattern.enabled)).all()
    compiled = abuse.compile_patterns(
        [tuple(r) for r in rows] or [(None, p, kind, action) for p, kind, _s, action in DEFAULT_PATTERNS])
    with _lock:
        _cached = (now, compiled)
    return compiled


def forget_patterns() -> None:
    """Read the patterns again on next use (after an edit, and between tests)."""
    global _cached
    with _lock:
        _cached = None


_MESSAGES = Message.__table__
# Built once, in Core: it runs on every turn, and building and keying an ORM query each time cost
# several times the query itself.
_RECENT = (sa.select(_MESSAGES.c.fingerprint, sa.func.length(_MESSAGES.c.content), _MESSAGES.c.created_at,
                     _MESSAGES.c.conversation_id)
           .where(_MESSAGES.c.user_id == sa.bindparam("user_id"), _MESSAGES.c.role == "user",
                  _MESSAGES.c.created_at >= sa.bindparam("since"))
           .order_by(_MESSAGES.c.created_at.desc()).limit(RECENT_LIMIT))


_RECENT_PRINTS = (sa.select(_MESSAGES.c.fingerprint)
                  .where(_MESSAGES.c.user_id == sa.bindparam("user_id"), _MESSAGES.c.role == "user",
                         _MESSAGES.c.created_at >= sa.bindparam("since"))
                  .order_by(_MESSAGES.c.created_at.desc()).limit(RECENT_LIMIT))


def recent(*, session: Session, user_id: uuid.UUID, now: datetime, free_tier: bool = True,
           window: timedelta = abuse.DEFAULT_POLICY.repeat_window) -> list[abuse.Recent]:
    """The user's own messages of the last minutes, newest first (one indexed query). On paid
    plans the history checks only count repeats, so only the fingerprints are read (timestamps
    and sizes are what make the query cost, for the busiest users most)."""
    since = now - window
    if not free_tier:
        rows = session.connection().execute(_RECENT_PRINTS, {"user_id": user_id, "since": since}).scalars()
        return [abuse.Recent(fp or "", 0, now, "") for fp in rows]  # all inside the window
    rows = session.connection().execute(_RECENT, {"user_id": user_id, "since": since}).all()
    return [abuse.Recent(fp or "", size or 0, at, str(conversation)) for fp, size, at, conversation in rows]


@dataclass(frozen=True)
class Checked:
    """What step 2 lets through: the verdict, and the text to send in place of the message."""

    verdict: Verdict

    @classmethod
    def unchecked(cls, message: str) -> Checked:
        """ABUSE_PROTECTION is off: the message as it is."""
        return cls(Verdict(Action.ALLOW, 0.0, (), message))

    @property
    def text(self) -> str:
        return self.verdict.text

    @property
    def flagged(self) -> bool:
        return self.verdict.action != Action.ALLOW

    @property
    def notice(self) -> str | None:
        if self.verdict.action == Action.COMPRESS:
            return "Repeated filler was removed from your message before it was sent."
        if self.verdict.action == Action.TRUNCATE:
            return (f"Your message was cut to {len(self.verdict.text):,} characters before it was "
                    "sent: it was very long or mostly random characters.")
        return None


def check(*, session: Session, user_id: uuid.UUID, message: str, free_tier: bool,
          exempt: bool = False) -> Checked:
    """Step 2. Block and throttle refuse the turn (the event and the strike are committed first);
    the other verdicts go on, and are logged with the message id when the turn settles."""
    now = utcnow()
    verdict = abuse.assess(message, recent=recent(session=session, user_id=user_id, now=now, free_tier=free_tier),
                           patterns=patterns(session=session), free_tier=free_tier, now=now)
    if exempt and verdict.action >= Action.THROTTLE:  # administrators are logged, never stopped
        verdict = replace(verdict, action=Action.WARN, text=message)
    if verdict.action == Action.BLOCK:
        suspended = _strike(session=session, user_id=user_id, now=now)
        record_event(session=session, user_id=user_id, verdict=verdict, message=message)
        session.commit()  # the refusal below rolls the transaction back: keep the event and strike
        if suspended is not None:
            raise UserSuspended(f"This message was blocked ({_reason(verdict)}), and repeated blocked "
                                f"messages suspend the account: try again in {_minutes(suspended)}.",
                                retry_after=int(suspended.total_seconds()))
        raise AbuseBlocked(f"This message was blocked: {_reason(verdict)}. It was not sent and costs "
                           "nothing. Repeated attempts suspend the account for a while.")
    if verdict.action == Action.THROTTLE:
        record_event(session=session, user_id=user_id, verdict=verdict, message=message)
        session.commit()
        raise RateLimited(f"Slow down: {_reason(verdict)}. You can send again in {THROTTLE_SECONDS} s.",
                          retry_after=THROTTLE_SECONDS,
                          headers={"Retry-After": str(THROTTLE_SECONDS)})
    return Checked(verdict)


def record_event(*, session: Session, user_id: uuid.UUID, verdict: Verdict, message: str,
                 message_id: uuid.UUID | None = None) -> None:
    """Log a verdict other than allow for the admin dashboard, and count the patterns it hit."""
    session.add(AbuseEvent(user_id=user_id, message_id=message_id, verdict=verdict.name,
                           score=verdict.score, reasons=list(verdict.reasons), excerpt=message[:200]))
    if verdict.pattern_ids:
        session.execute(sa.update(AbusePattern).where(AbusePattern.id.in_(verdict.pattern_ids))
                        .values(detected_count=AbusePattern.detected_count + 1))


def _strike(*, session: Session, user_id: uuid.UUID, now: datetime) -> timedelta | None:
    """Count a block; every third one within a day suspends, longer each time. Returns the
    suspension it started, if any."""
    user = session.exec(select(User).where(User.id == user_id).with_for_update()).one()
    if user.last_strike_at is not None and now - user.last_strike_at > STRIKES_FORGOTTEN_AFTER:
        user.abuse_strikes = 0
    user.abuse_strikes += 1
    user.last_strike_at = now
    suspension = None
    if user.abuse_strikes % STRIKES_PER_SUSPENSION == 0:
        step = min(user.abuse_strikes // STRIKES_PER_SUSPENSION, len(SUSPENSIONS)) - 1
        suspension = SUSPENSIONS[step]
        user.suspended_until = now + suspension
        user.suspension_reason = "repeated blocked messages"
    session.add(user)
    return suspension


def lift_suspension(*, session: Session, user_id: uuid.UUID) -> User:
    """An administrator lets a suspended user chat again; the strikes start over."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    user.suspended_until = None
    user.suspension_reason = None
    user.abuse_strikes = 0
    user.last_strike_at = None
    session.add(user)
    return user


def _reason(verdict: Verdict) -> str:
    first = verdict.reasons[0] if verdict.reasons else "abuse"
    return _PLAIN_REASONS.get(first.split(":")[0].split(" (")[0], first)


_PLAIN_REASONS = {
    "jailbreak": "it tries to switch off the assistant's rules",
    "extraction": "it asks for the assistant's hidden instructions",
    "injection": "it carries instructions hidden for the assistant",
    "obfuscation": "it hides instructions in encoded or disguised text",
    "repetition": "the same message many times in a few minutes",
    "automation": "messages arriving like a script's",
    "context_abuse": "huge pastes over and over",
    "several signs of an attack together": "it looks like an attempt to switch off the assistant's rules",
    "an attack with obfuscation": "it hides an attempt to switch off the assistant's rules",
}


def _minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} minutes" if minutes < 120 else f"{minutes // 60} hours"
