"""Share links and exports: the owner shares, revokes and exports a conversation (another user's
is 404, like one that does not exist); anyone with a link reads it, without logging in."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, Depends, Query, Response
from sqlmodel import Session

from chatapp.api.deps import current_account, db_session
from chatapp.services import auth, sharing
from chatapp.services.errors import SharedLinkNotFound

router = APIRouter()


@router.post("/api/conversations/{conversation_id}/share")
def share_conversation(conversation_id: uuid.UUID, account: auth.Account = Depends(current_account),
                       session: Session = Depends(db_session, scope="function")) -> dict:
    token = sharing.share(session=session, user_id=account.id, conversation_id=conversation_id)
    return {"token": token, "url": sharing.share_path(token)}


@router.delete("/api/conversations/{conversation_id}/share", status_code=204)
def stop_sharing(conversation_id: uuid.UUID, account: auth.Account = Depends(current_account),
                 session: Session = Depends(db_session, scope="function")) -> Response:
    sharing.revoke(session=session, user_id=account.id, conversation_id=conversation_id)
    return Response(status_code=204)


@router.get("/api/conversations/{conversation_id}/export")
def export_conversation(conversation_id: uuid.UUID, account: auth.Account = Depends(current_account),
                        session: Session = Depends(db_session, scope="function"),
                        format: Literal["markdown", "json"] = Query("markdown")) -> Response:
    if format == "json":
        file = sharing.export_json(session=session, user_id=account.id, conversation_id=conversation_id)
    else:
        file = sharing.export_markdown(session=session, user_id=account.id, conversation_id=conversation_id)
    return Response(content=file.body, media_type=file.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{file.filename}"'})


@router.get("/api/shared/{token}")
def read_shared(token: str, session: Session = Depends(db_session, scope="function")) -> dict:
    view = sharing.shared_view(session=session, token=token)
    if view is None:
        raise SharedLinkNotFound()
    return {"title": view.title, "created_at": view.created_at.isoformat(),
            "messages": [{"role": m.role, "content": m.content, "created_at": m.created_at.isoformat(),
                          "model": m.model} for m in view.messages]}
