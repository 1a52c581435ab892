"""Paging through history on SQLite and PostgreSQL as the chat page does: a conversation's
messages before and after a place in it, and the sidebar's starred conversations a page at a time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from chatapp.db import engine_for
from chatapp.services import history
from chatapp.services.errors import ConversationNotFound
from tests.integration.test_conversations_api import account, add_turns


def test_messages_after_a_place_come_oldest_first_up_to_the_end(api, app_env):
    _, user_id = account(api, app_env)
    cid = add_turns(app_env, user_id, None, [(f"q{i}", f"a{i}") for i in range(60)])  # seqs 1..120
    with Session(engine_for(app_env)) as session:
        last = history.messages_page(session=session, user_id=user_id, conversation_id=cid)
        assert [m.seq for m in last.messages] == list(range(71, 121)) and last.more and last.next_before == 71
        after = history.messages_page(session=session, user_id=user_id, conversation_id=cid, after=20)
        assert [m.seq for m in after.messages] == list(range(21, 71)) and after.more
        end = history.messages_page(session=session, user_id=user_id, conversation_id=cid, after=70)
        assert [m.seq for m in end.messages] == list(range(71, 121)) and not end.more
        first = history.messages_page(session=session, user_id=user_id, conversation_id=cid, before=51)
        assert [m.seq for m in first.messages] == list(range(1, 51)) and not first.more
        assert first.next_before is None


def test_messages_after_a_place_are_only_the_owners(api, app_env):
    _, owner = account(api, app_env)
    _, stranger = account(api, app_env)
    cid = add_turns(app_env, owner, None, [("q", "a")])
    with Session(engine_for(app_env)) as session:
        with pytest.raises(ConversationNotFound):
            history.messages_page(session=session, user_id=stranger, conversation_id=cid, after=0)
        assert [m.content for m in history.messages_page(session=session, user_id=owner, conversation_id=cid,
                                                         after=0).messages] == ["q", "a"]


def test_the_sidebar_pages_starred_conversations_apart_from_the_others(api, app_env):
    from chatapp.state.sidebar import PAGE, STARRED_PAGE, _first_pages, _load

    _, user_id = account(api, app_env)
    starred = [add_turns(app_env, user_id, None, [(f"starred {i}", "a")], age=timedelta(minutes=i))
               for i in range(STARRED_PAGE + 5)]
    for i in range(PAGE + 3):
        add_turns(app_env, user_id, None, [(f"other {i}", "a")], age=timedelta(minutes=i))
    with Session(engine_for(app_env)) as session:
        for cid in starred:
            history.update(session=session, user_id=user_id, conversation_id=cid, starred=True)
        session.commit()
        top, top_cursor, others, cursor = _first_pages(session=session, user_id=user_id, query="", archived=False)
        assert [row.id for row in top] == [str(c) for c in starred[:STARRED_PAGE]]  # most recent first
        assert [row.first_of_group for row in top] == [True] + [False] * (STARRED_PAGE - 1)
        assert {row.group for row in top} == {"Starred"} and top_cursor
        assert len(others) == PAGE and cursor and not any(row.starred for row in others)
        assert others[0].first_of_group and others[0].group == "Today"

        more, more_cursor = _load(session=session, user_id=user_id, query="", archived=False, starred=True,
                                  cursor=top_cursor, after=top[-1])
        assert [row.id for row in more] == [str(c) for c in starred[STARRED_PAGE:]] and more_cursor is None
        assert not any(row.first_of_group for row in more)  # still under the "Starred" heading

        found, _, rest, _ = _first_pages(session=session, user_id=user_id, query="starred 1", archived=False)
        # Search narrows both lists (titles "starred 1" and "starred 10" to "starred 14").
        assert [row.title for row in found] == ["starred 1", *[f"starred {i}" for i in range(10, 15)]]
        assert rest == []
