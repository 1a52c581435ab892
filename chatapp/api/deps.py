"""FastAPI dependencies: a database session per request, the caller's IP and account."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends, Request
from sqlmodel import Session

from chatapp.db import session_scope
from chatapp.services import auth
from chatapp.services.errors import NotAuthenticated
from chatapp.settings import get_settings


def db_session() -> Iterator[Session]:
    """One transaction per request, committed before the response leaves: routes take it with
    scope="function", so a client never reads its own write before it is committed."""
    with session_scope() as session:
        yield session


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Send an 'Authorization: Bearer <token>' header.")
    return token.strip()


def current_account(request: Request, session: Session = Depends(db_session, scope="function")) -> auth.Account:
    return auth.account_from_token(session=session, token=bearer_token(request),
                                   signing_key=get_settings().signing_key())
