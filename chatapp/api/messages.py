"""Actions on one message of the signed-in user: thumbs up or down on an answer."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from chatapp.api.deps import current_account, db_session
from chatapp.services import auth, feedback

router = APIRouter(prefix="/api/messages")


class Thumb(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Literal["up", "down"] | None


@router.put("/{message_id}/feedback")
def put_feedback(message_id: uuid.UUID, body: Thumb, account: auth.Account = Depends(current_account),
                 session: Session = Depends(db_session, scope="function")) -> dict:
    value = feedback.set_thumb(session=session, user_id=account.id, message_id=message_id, value=body.value)
    return {"message_id": str(message_id), "value": value}
