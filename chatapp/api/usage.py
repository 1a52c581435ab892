"""GET /api/usage: the caller's spend against their daily and monthly budgets, and the level."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlmodel import Session

from chatapp.api.deps import current_account, db_session
from chatapp.services import auth, guardian
from chatapp.settings import get_settings

router = APIRouter()


@router.get("/api/usage")
def usage(account: auth.Account = Depends(current_account),
          session: Session = Depends(db_session, scope="function")) -> dict:
    return guardian.usage_report(session=session, account=account, settings=get_settings()).to_dict()
