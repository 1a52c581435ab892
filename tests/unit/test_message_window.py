"""The chat page's message window: pages in slots, only changed slots reported, at most SLOTS pages."""

from __future__ import annotations

from chatapp.state.message_window import PAGE, SLOTS, MessageWindow
from chatapp.state.views import MessageView


def page(first: int, last: int) -> list[MessageView]:
    """Messages with seq first..last, questions on odd seqs."""
    return [MessageView(id=f"m{seq}", role="user" if seq % 2 else "assistant", content=f"text {seq}", seq=seq)
            for seq in range(first, last + 1)]


def seqs(window: MessageWindow) -> list[int]:
    return [m.seq for m in window.messages()]


def opened(first: int = 4951, last: int = 5000, more_before: bool = True) -> MessageWindow:
    window = MessageWindow.empty()
    window.reset(page(first, last), more_before=more_before)
    window.changed.clear()
    return window


def test_the_slot_vars_of_the_state_match_the_window():
    from chatapp.state.chat import ChatState
    from chatapp.state.windowed_messages import SLOT_VARS

    assert len(SLOT_VARS) == SLOTS
    assert all(name in ChatState.get_fields() for name in SLOT_VARS)


def test_loading_earlier_fills_one_new_slot_and_changes_no_other():
    window = opened()
    window.prepend(page(4901, 4950), more_before=True)
    assert seqs(window) == list(range(4901, 5001))
    assert len(window.changed) == 1 and window.order[-1] == 0 and window.order[0] in window.changed
    assert window.has_earlier and not window.has_later


def test_the_first_page_leaves_has_earlier_off():
    window = opened(first=1, last=30, more_before=False)
    assert not window.has_earlier
    window = opened()
    window.prepend(page(1, 50), more_before=False)
    assert not window.has_earlier and seqs(window)[0] == 1


def test_reading_far_up_drops_the_newest_page_and_offers_newer_ones():
    window = opened()
    for n in range(1, SLOTS):
        window.prepend(page(4951 - 50 * n, 5000 - 50 * n), more_before=True)
    assert len(window.messages()) == SLOTS * PAGE and not window.has_later
    newest_slot = window.order[-1]
    window.changed.clear()
    window.prepend(page(4951 - 50 * SLOTS, 5000 - 50 * SLOTS), more_before=True)
    # The newest page's slot now holds the oldest page: that slot is the only one sent again.
    assert window.changed == {newest_slot} and window.order[0] == newest_slot
    assert seqs(window) == list(range(4951 - 50 * SLOTS, 4951 - 50 * SLOTS + SLOTS * PAGE))
    assert window.has_later and window.last_seq() == 4950

    window.changed.clear()
    window.append(page(4951, 5000), more_after=False)  # "Show newer" at the bottom
    assert len(window.changed) == 1 and not window.has_later and window.has_earlier
    assert seqs(window) == list(range(4951 - 50 * (SLOTS - 1), 5001))


def test_a_new_question_goes_into_the_newest_slot_while_it_has_room():
    window = opened(first=1, last=10, more_before=False)
    window.add(MessageView(id="pending-1", role="user", content="hi"))
    assert window.changed == {0} and seqs(window)[-1] == 0 and len(window.order) == 1


def test_a_new_question_after_a_full_page_starts_a_slot_and_the_oldest_page_goes_when_all_are_taken():
    window = opened()
    window.add(MessageView(id="pending-1", role="user", content="hi"))
    assert len(window.order) == 2 and window.changed == {window.order[-1]}  # the 50 are not sent again

    window = opened()
    for n in range(1, SLOTS):
        window.prepend(page(4951 - 50 * n, 5000 - 50 * n), more_before=n < SLOTS - 1)
    assert not window.has_earlier
    oldest = window.order[0]
    window.changed.clear()
    window.add(MessageView(id="pending-1", role="user", content="hi"))
    assert window.changed == {oldest} and window.order[-1] == oldest
    assert window.has_earlier and window.first_seq() == 4951 - 50 * (SLOTS - 2)  # "Load earlier" again


def test_the_settled_turn_replaces_the_question_being_asked():
    window = opened(first=1, last=10, more_before=False)
    window.add(MessageView(id="pending-1", role="user", content="hi"))
    window.replace_last(page(11, 12))
    assert seqs(window) == list(range(1, 13)) and window.messages()[-1].id == "m12"
    window.replace_last([])  # a refused turn takes its question back
    assert seqs(window) == list(range(1, 12))


def test_a_refused_question_alone_in_its_slot_leaves_no_empty_slot_shown():
    window = opened()
    window.add(MessageView(id="pending-1", role="user", content="hi"))
    window.replace_last([])
    assert window.order == [0] and seqs(window) == list(range(4951, 5001))


def test_editing_an_older_message_drops_it_and_all_after_it():
    window = opened()
    window.prepend(page(4901, 4950), more_before=True)
    window.prepend(page(4851, 4900), more_before=True)
    newest = window.order[-1]
    window.changed.clear()
    assert window.cut_before("m4911")
    assert seqs(window) == list(range(4851, 4911))
    assert newest in window.changed and window.slots[newest] == [] and len(window.order) == 2
    assert not window.has_later and window.has_earlier
    assert not window.cut_before("not-shown")


def test_editing_the_first_message_shown_keeps_load_earlier():
    window = opened()
    window.cut_before("m4951")
    assert window.order == [] and window.has_earlier
    window.add(MessageView(id="pending-1", role="user", content="again"))
    window.replace_last(page(4951, 4952))
    assert window.first_seq() == 4951 and window.has_earlier


def test_a_thumb_changes_one_message_in_one_slot():
    window = opened()
    window.prepend(page(4901, 4950), more_before=True)
    window.changed.clear()
    updated = window.update("m4902", feedback="up")
    assert updated is not None and updated.feedback == "up"
    assert window.changed == {window.order[0]} and window.find("m4902").feedback == "up"
    assert window.update("nope", feedback="up") is None


def test_reset_empties_every_slot_that_was_shown():
    window = opened()
    window.prepend(page(4901, 4950), more_before=True)
    window.changed.clear()
    window.reset([], more_before=True)
    assert window.order == [] and window.changed == {0, 1} and not window.has_earlier
