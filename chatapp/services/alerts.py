"""Alerts for administrators, and the platform-wide switches they (or the alarms) operate."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from chatapp.models import AdminAlert, PlatformControls, utcnow


def raise_alert(*, session: Session, kind: str, subject: str, message: str,
                severity: str = "critical") -> bool:
    """Record an alert unless the same (kind, subject) is already open; True if recorded."""
    try:
        with session.begin_nested():  # the partial unique index refuses a second open alert
            session.add(AdminAlert(kind=kind, subject=subject, message=message[:500], severity=severity))
            session.flush()
    except IntegrityError:
        return False
    return True


def resolve_alerts(*, session: Session, kind: str, subject: str, by: uuid.UUID | None) -> int:
    rows = session.exec(select(AdminAlert).where(
        AdminAlert.kind == kind, AdminAlert.subject == subject,
        AdminAlert.resolved_at.is_(None))).all()
    for row in rows:
        row.resolved_at, row.resolved_by = utcnow(), by
        session.add(row)
    return len(rows)


def open_alerts(*, session: Session, limit: int = 100) -> list[AdminAlert]:
    return list(session.exec(select(AdminAlert).where(AdminAlert.resolved_at.is_(None))
                             .order_by(AdminAlert.created_at.desc()).limit(limit)).all())


@dataclass(frozen=True)
class Controls:
    """The platform switches as read at one moment."""

    stopped_at: datetime | None = None
    stop_reason: str | None = None
    monthly_budget_micros: int | None = None  # NULL: the PLATFORM_MONTHLY_BUDGET setting


_PLATFORM = PlatformControls.__table__
_CONTROLS = sa.select(_PLATFORM.c.stopped_at, _PLATFORM.c.stop_reason,
                      _PLATFORM.c.monthly_budget_micros).where(_PLATFORM.c.id == 1)


def controls(*, session: Session) -> Controls:
    """The platform switches (the defaults when no row was ever written). Read on every turn,
    so a plain Core query (an ORM one costs several times more)."""
    row = session.connection().execute(_CONTROLS).first()
    return Controls(*row) if row is not None else Controls()


def _ensure_controls_row(session: Session) -> None:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(PlatformControls.__table__).values(id=1, updated_at=utcnow())
                    .on_conflict_do_nothing(index_elements=["id"]))


def stop_platform(*, session: Session, reason: str) -> None:
    """Stop chat for everyone but administrators (a no-op when already stopped)."""
    _ensure_controls_row(session)
    session.execute(sa.update(PlatformControls).where(PlatformControls.id == 1,
                                                      PlatformControls.stopped_at.is_(None))
                    .values(stopped_at=utcnow(), stop_reason=reason[:255], updated_at=utcnow()))


def lift_platform_stop(*, session: Session, monthly_budget_micros: int | None,
                       by: uuid.UUID | None) -> Controls:
    _ensure_controls_row(session)
    values = {"stopped_at": None, "stop_reason": None, "updated_at": utcnow()}
    if monthly_budget_micros is not None:
        values["monthly_budget_micros"] = monthly_budget_micros
    session.execute(sa.update(PlatformControls).where(PlatformControls.id == 1).values(**values))
    for kind in ("platform_budget", "spend_velocity"):
        resolve_alerts(session=session, kind=kind, subject="platform", by=by)
    return controls(session=session)


def check_spend_velocity(*, session: Session, threshold_micros: int, auto_stop: bool,
                         window_seconds: int = 60) -> str:
    """Alert (and optionally stop the platform) when spend of the last minute passes the threshold."""
    from datetime import timedelta

    from chatapp.models import Message

    since = utcnow() - timedelta(seconds=window_seconds)
    spent = session.exec(sa.select(sa.func.coalesce(sa.func.sum(Message.cost_micros), 0))
                         .where(Message.created_at >= since)).one()[0]
    if threshold_micros <= 0 or spent < threshold_micros:
        return f"spend in the last {window_seconds} s: {spent} micro-dollars"
    dollars = spent / 1_000_000
    raise_alert(session=session, kind="spend_velocity", subject="platform",
                message=f"Platform spend reached ${dollars:.2f} in {window_seconds} s "
                        f"(alert threshold ${threshold_micros / 1_000_000:.2f})."
                        + (" The platform is stopped until an administrator lifts it." if auto_stop else ""))
    if auto_stop:
        stop_platform(session=session, reason="spend velocity alarm")
    return f"ALERT: spend in the last {window_seconds} s: {spent} micro-dollars"
