"""Administrator routes (checked on the server): alerts, lifting emergency stops and suspensions."""

from __future__ import annotations

import uuid
from decimal import Decimal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from chatapp.api.deps import current_account, db_session
from chatapp.services import abuse_guard, admin, alerts, auth
from chatapp.services.money import dollars_to_micros, micros_to_dollars

router = APIRouter(prefix="/api/admin")


def admin_account(account: auth.Account = Depends(current_account)) -> auth.Account:
    admin.require_admin(account)
    return account


class LiftUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    emergency_cap: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=6)


class LiftPlatform(BaseModel):
    model_config = ConfigDict(extra="forbid")
    monthly_budget: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=6)


@router.get("/alerts")
def list_alerts(_: auth.Account = Depends(admin_account), session: Session = Depends(db_session, scope="function")) -> dict:
    return {"alerts": [
        {"id": a.id, "kind": a.kind, "subject": a.subject, "severity": a.severity,
         "message": a.message, "created_at": a.created_at.isoformat()}
        for a in alerts.open_alerts(session=session)]}


@router.post("/users/{user_id}/lift-emergency")
def lift_user(user_id: uuid.UUID, body: LiftUser, account: auth.Account = Depends(admin_account),
              session: Session = Depends(db_session, scope="function")) -> dict:
    cap = dollars_to_micros(body.emergency_cap) if body.emergency_cap is not None else None
    profile = admin.lift_user_emergency(session=session, user_id=user_id, emergency_cap_micros=cap,
                                        by=account.id)
    return {"user_id": str(user_id), "emergency_stopped": False,
            "emergency_cap": str(micros_to_dollars(profile.emergency_cap_micros))
            if profile.emergency_cap_micros is not None else None}


@router.post("/users/{user_id}/lift-suspension")
def lift_suspension(user_id: uuid.UUID, _: auth.Account = Depends(admin_account),
                    session: Session = Depends(db_session, scope="function")) -> dict:
    user = abuse_guard.lift_suspension(session=session, user_id=user_id)
    return {"user_id": str(user.id), "suspended": False, "abuse_strikes": user.abuse_strikes}


@router.post("/platform/lift-stop")
def lift_platform(body: LiftPlatform, account: auth.Account = Depends(admin_account),
                  session: Session = Depends(db_session, scope="function")) -> dict:
    budget = dollars_to_micros(body.monthly_budget) if body.monthly_budget is not None else None
    controls = alerts.lift_platform_stop(session=session, monthly_budget_micros=budget, by=account.id)
    return {"stopped": False, "monthly_budget": str(micros_to_dollars(controls.monthly_budget_micros))
            if controls.monthly_budget_micros is not None else None}
