"""The signed-in user's conversations: list (cursor pages, search, starred and archived filters),
create, read, rename / star / archive, delete, and messages a page at a time. Every route is
filtered by the owner: another user's conversation answers 404, like one that does not exist."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from chatapp.api.deps import current_account, db_session
from chatapp.services import auth, feedback, history
from chatapp.services.conversations import TITLE_MAX_LENGTH, get_owned
from chatapp.services.history import conversation_json, message_json

router = APIRouter(prefix="/api/conversations")


class NewConversation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, max_length=TITLE_MAX_LENGTH * 2)


class ConversationChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, max_length=TITLE_MAX_LENGTH * 2)
    starred: bool | None = None
    archived: bool | None = None


@router.get("")
def list_conversations(account: auth.Account = Depends(current_account),
                       session: Session = Depends(db_session, scope="function"),
                       limit: int = Query(history.PAGE_DEFAULT, ge=1, le=history.PAGE_MAX),
                       cursor: str | None = Query(None, max_length=200),
                       q: str | None = Query(None, max_length=history.SEARCH_MAX_LENGTH),
                       starred: bool | None = None, archived: bool = False) -> dict:
    page = history.list_conversations(session=session, user_id=account.id, limit=limit, cursor=cursor,
                                      query=q, starred=starred, archived=archived)
    return {"conversations": [conversation_json(c) for c in page.conversations],
            "next_cursor": page.next_cursor}


@router.post("", status_code=201)
def create_conversation(body: NewConversation | None = None, account: auth.Account = Depends(current_account),
                        session: Session = Depends(db_session, scope="function")) -> dict:
    conversation = history.create(session=session, user_id=account.id, title=body.title if body else None)
    return conversation_json(conversation)


@router.get("/{conversation_id}")
def read_conversation(conversation_id: uuid.UUID, account: auth.Account = Depends(current_account),
                      session: Session = Depends(db_session, scope="function")) -> dict:
    return conversation_json(get_owned(session=session, user_id=account.id, conversation_id=conversation_id))


@router.patch("/{conversation_id}")
def change_conversation(conversation_id: uuid.UUID, body: ConversationChange,
                        account: auth.Account = Depends(current_account),
                        session: Session = Depends(db_session, scope="function")) -> dict:
    conversation = history.update(session=session, user_id=account.id, conversation_id=conversation_id,
                                  title=body.title, starred=body.starred, archived=body.archived)
    return conversation_json(conversation)


@router.delete("/{conversation_id}", status_code=204)
def delete_conversation(conversation_id: uuid.UUID, account: auth.Account = Depends(current_account),
                        session: Session = Depends(db_session, scope="function")) -> Response:
    history.delete(session=session, user_id=account.id, conversation_id=conversation_id)
    return Response(status_code=204)


@router.get("/{conversation_id}/messages")
def list_messages(conversation_id: uuid.UUID, account: auth.Account = Depends(current_account),
                  session: Session = Depends(db_session, scope="function"),
                  before: int | None = Query(None, ge=1),
                  limit: int = Query(history.MESSAGES_DEFAULT, ge=1, le=history.MESSAGES_MAX)) -> dict:
    page = history.messages_page(session=session, user_id=account.id, conversation_id=conversation_id,
                                 before=before, limit=limit)
    thumbs = feedback.thumbs_for(session=session, user_id=account.id,
                                 message_ids=[m.id for m in page.messages if m.role == "assistant"])
    return {"messages": [message_json(m, thumbs.get(m.id)) for m in page.messages],
            "next_before": page.next_before}
