"""POST /api/auth/signup, POST /api/auth/login, GET /api/auth/me: JSON in, bearer token out."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from chatapp.api.deps import client_ip, current_account, db_session
from chatapp.services import auth
from chatapp.services.login_throttle import get_login_throttle
from chatapp.settings import get_settings

router = APIRouter(prefix="/api/auth")

# Generous caps that only stop absurd payloads; the service gives the precise messages.
_FIELD_CAP = 1024


class SignupRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    email: str = Field(max_length=_FIELD_CAP)
    password: str = Field(max_length=_FIELD_CAP)
    display_name: str = Field(default="", max_length=_FIELD_CAP)


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    email: str = Field(max_length=_FIELD_CAP)
    password: str = Field(max_length=_FIELD_CAP)


def _account_json(account: auth.Account) -> dict:
    return {"id": str(account.id), "email": account.email, "display_name": account.display_name,
            "role": account.role, "tier": account.tier}


def _session_json(account: auth.Account) -> dict:
    settings = get_settings()
    issued = auth.issue_token(account, signing_key=settings.signing_key(),
                              ttl=settings.access_token_ttl)
    return {"user": _account_json(account), "access_token": issued.token, "token_type": "bearer",
            "expires_at": issued.expires_at.isoformat()}


@router.post("/signup", status_code=201)
def signup(body: SignupRequest, session: Session = Depends(db_session, scope="function")) -> dict:
    account = auth.sign_up(session=session, email=body.email, password=body.password,
                           display_name=body.display_name)
    return _session_json(account)


@router.post("/login")
def login(body: LoginRequest, ip: str | None = Depends(client_ip),
          session: Session = Depends(db_session, scope="function")) -> dict:
    account = auth.log_in(session=session, email=body.email, password=body.password, ip=ip,
                          throttle=get_login_throttle())
    return _session_json(account)


@router.get("/me")
def me(account: auth.Account = Depends(current_account)) -> dict:
    return {"user": _account_json(account)}
