"""Which messages of the open conversation the chat page holds, in pages ("slots") of its state.

Reflex resends a changed var whole, so one list of messages costs every "Load earlier" what is
already shown, again. The window keeps up to SLOTS pages, each in its own var: loading a page
fills one free slot and sends that page only; a new turn changes only the newest slot. The slots
are shown in `order`; when all are taken, the page at the far end gives its slot up (reading
upwards drops the newest page, a new turn or "Show newer" drops the oldest), so the state never
holds more than about SLOTS x PAGE messages, however long the conversation.

Plain Python (no Reflex): ChatState reads its slot vars into a MessageWindow, asks it for a
change and writes back the slots it reports as changed.
"""

from __future__ import annotations

import dataclasses

from chatapp.state.views import MessageView

PAGE = 50  # messages per slot: loaded when a conversation opens, and per "Load earlier"
SLOTS = 4  # so at most ~200 messages (a page, plus a turn being added) stay in the state


@dataclasses.dataclass
class MessageWindow:
    slots: list[list[MessageView]]  # SLOTS lists; the ones not in `order` are empty
    order: list[int]  # the slots shown, oldest messages first
    has_earlier: bool = False  # the conversation has messages before the first one shown
    has_later: bool = False  # ... and after the last one shown (the reader went far up)
    changed: set[int] = dataclasses.field(default_factory=set)

    @classmethod
    def empty(cls) -> MessageWindow:
        return cls([[] for _ in range(SLOTS)], [])

    def messages(self) -> list[MessageView]:
        return [m for slot in self.order for m in self.slots[slot]]

    def first_seq(self) -> int:
        return self.slots[self.order[0]][0].seq if self.order else 0

    def last_seq(self) -> int:
        return self.slots[self.order[-1]][-1].seq if self.order else 0

    def _set(self, slot: int, messages: list[MessageView]) -> None:
        self.slots[slot] = messages
        self.changed.add(slot)

    def _free_slot(self, *, evict_oldest: bool) -> tuple[int, bool]:
        """A slot for a new page, and whether a shown page had to give it up (the oldest one,
        or else the newest)."""
        free = [s for s in range(SLOTS) if s not in self.order]
        if free:
            return free[0], False
        slot = self.order.pop(0 if evict_oldest else -1)
        self._set(slot, [])
        return slot, True

    def reset(self, page: list[MessageView], *, more_before: bool = False) -> None:
        """Only `page`, the conversation's last messages (one just opened; none for a new chat)."""
        for slot in self.order:
            self._set(slot, [])
        self.order = []
        if page:
            self._set(0, list(page))
            self.order = [0]
        self.has_earlier, self.has_later = more_before and bool(page), False

    def prepend(self, page: list[MessageView], *, more_before: bool) -> None:
        """Older messages above the shown ones ("Load earlier")."""
        if page:
            slot, evicted = self._free_slot(evict_oldest=False)
            self._set(slot, list(page))
            self.order.insert(0, slot)
            self.has_later = self.has_later or evicted
        self.has_earlier = more_before

    def append(self, page: list[MessageView], *, more_after: bool) -> None:
        """Newer messages below the shown ones ("Show newer", or a turn's first message)."""
        if page:
            slot, evicted = self._free_slot(evict_oldest=True)
            self._set(slot, list(page))
            self.order.append(slot)
            self.has_earlier = self.has_earlier or evicted
        self.has_later = more_after

    def add(self, message: MessageView) -> None:
        """One message at the end (a question being asked): into the newest slot while it has
        room, else into a new one. The window must show the conversation's end."""
        if self.order and len(self.slots[self.order[-1]]) < PAGE:
            tail = self.order[-1]
            self._set(tail, [*self.slots[tail], message])
        else:
            self.append([message], more_after=False)

    def replace_last(self, messages: list[MessageView]) -> None:
        """The last message gives way to `messages` (the question as recorded, and its answer)."""
        tail = self.order[-1]
        self._set(tail, [*self.slots[tail][:-1], *messages])
        self._drop_empty()

    def cut_before(self, message_id: str) -> bool:
        """Drop this message and everything after it (edit & resend, regenerate); False if it is
        not in the window."""
        for position, slot in enumerate(self.order):
            index = next((i for i, m in enumerate(self.slots[slot]) if m.id == message_id), None)
            if index is None:
                continue
            self._set(slot, self.slots[slot][:index])
            for later in self.order[position + 1:]:
                self._set(later, [])
            self.order = self.order[:position + 1]
            self._drop_empty()
            self.has_later = False  # what came after it is being replaced
            return True
        return False

    def update(self, message_id: str, **changes) -> MessageView | None:
        """Change fields of one message (a thumb); the changed view, or None if it is not shown."""
        for slot in self.order:
            for index, message in enumerate(self.slots[slot]):
                if message.id == message_id:
                    updated = dataclasses.replace(message, **changes)
                    self._set(slot, [*self.slots[slot][:index], updated, *self.slots[slot][index + 1:]])
                    return updated
        return None

    def find(self, message_id: str) -> MessageView | None:
        return next((m for slot in self.order for m in self.slots[slot] if m.id == message_id), None)

    def _drop_empty(self) -> None:
        self.order = [slot for slot in self.order if self.slots[slot]]
