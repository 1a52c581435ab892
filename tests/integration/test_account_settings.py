"""The settings page's services and the composer's preview, on SQLite and PostgreSQL: renaming,
changing the password (other sessions end), preferences the plan allows, and a cost preview that
agrees with the guard's own estimate for the same message."""

from __future__ import annotations

from contextlib import aclosing
from decimal import Decimal

import pytest
from sqlmodel import Session

from chatapp.db import engine_for
from chatapp.models import User
from chatapp.services import account_settings, auth, pipeline, preview
from chatapp.services.errors import AppError, ModelNotAllowed, ValidationFailed
from chatapp.settings import get_settings
from tests.support.budget import set_tier, user_id_for
from tests.support.helpers import new_email, sign_up


def signed_up(live_app, app_env) -> tuple[str, object]:
    email = new_email()
    return sign_up(live_app, email), user_id_for(app_env, email)


async def finish(turn) -> None:
    async with aclosing(turn.events()) as events:
        async for _ in events:
            pass


def call(app_env, fn, **kwargs):
    with Session(engine_for(app_env)) as session:
        result = fn(session=session, **kwargs)
        session.commit()
        return result


def test_rename_and_password_change_end_other_sessions(live_app, app_env):
    token, user_id = signed_up(live_app, app_env)
    assert call(app_env, account_settings.rename, user_id=user_id, display_name="  Ada  ") == "Ada"
    with pytest.raises(ValidationFailed):
        call(app_env, account_settings.rename, user_id=user_id, display_name="x" * 101)
    with pytest.raises(ValidationFailed, match="current password"):
        call(app_env, account_settings.change_password, user_id=user_id, current="wrong-one", new="a-new-password")
    with pytest.raises(ValidationFailed):
        call(app_env, account_settings.change_password, user_id=user_id, current="a-good-password", new="short")
    account = call(app_env, account_settings.change_password, user_id=user_id, current="a-good-password",
                   new="a-new-password")
    assert account.display_name == "Ada"
    with pytest.raises(AppError):  # the token issued before the change no longer works
        call(app_env, auth.account_from_token, token=token, signing_key=get_settings().signing_key())
    with Session(engine_for(app_env)) as session:
        assert auth.security.verify_password("a-new-password", session.get(User, user_id).password_hash)


async def test_preferences_pick_the_model_of_new_chats_within_the_plan(live_app, app_env):
    token, user_id = signed_up(live_app, app_env)
    with pytest.raises(ModelNotAllowed):
        call(app_env, account_settings.set_preferences, user_id=user_id, default_model="demo-max",
             system_prompt_style="standard", settings=get_settings())
    with pytest.raises(ValidationFailed):
        call(app_env, account_settings.set_preferences, user_id=user_id, default_model=None,
             system_prompt_style="pirate", settings=get_settings())
    set_tier(app_env, user_id, "pro")
    call(app_env, account_settings.set_preferences, user_id=user_id, default_model="demo-plus",
         system_prompt_style="concise", settings=get_settings())
    assert call(app_env, account_settings.default_model, user_id=user_id) == "demo-plus"
    turn = await pipeline.run_chat_turn(pipeline.TurnRequest(credential=token, message="Hello there"))
    assert turn.plan.model.id == "demo-plus"
    assert "brief" in turn.plan.prompt[0]["content"]  # the concise system prompt
    await finish(turn)


async def test_the_preview_agrees_with_the_guard(live_app, app_env):
    token, _ = signed_up(live_app, app_env)
    message = "Explain the difference between a process and a thread, with an example."
    shown = call(app_env, preview.preview, credential=token, draft=message, settings=get_settings())
    turn = await pipeline.run_chat_turn(pipeline.TurnRequest(credential=token, message=message))
    assert shown.worst_case_micros == turn.plan.estimated_cost_micros
    assert shown.tokens == turn.plan.user_tokens and shown.problem == ""
    assert shown.day_share == Decimal(turn.plan.estimated_cost_micros) / 500_000  # the free $0.50 a day
    assert shown.label.startswith(f"{shown.tokens:,} / {shown.input_limit:,} tokens · ≈ $")
    await finish(turn)

    empty = call(app_env, preview.preview, credential=token, draft="   ", settings=get_settings())
    assert (empty.tokens, empty.worst_case_micros) == (0, None)
    huge = call(app_env, preview.preview, credential=token, draft="word " * 50_000, settings=get_settings())
    assert huge.tokens > huge.input_limit and huge.worst_case_micros is None
    assert huge.label.endswith("too long to send")
    forbidden = call(app_env, preview.preview, credential=token, draft="hi", model_id="demo-max",
                     settings=get_settings())
    assert "not included" in forbidden.problem
