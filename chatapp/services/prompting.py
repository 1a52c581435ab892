"""Building the exact prompt of a turn: fit it to the model's context window and under the
per-request cost cap (shorter answer, then less history, then a cheaper model), or refuse."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from chatapp.services import pricing, prompts, tokens
from chatapp.services.catalog import ModelSpec
from chatapp.services.errors import MessageTooLong, RequestTooExpensive
from chatapp.services.money import format_usd

MIN_OUTPUT_TOKENS = 256  # an answer shorter than this is not worth sending for
SUMMARY_CHARS_PER_MESSAGE = 160
SUMMARY_MAX_MESSAGES = 12


@dataclass(frozen=True)
class Prompt:
    model: ModelSpec
    messages: list[dict[str, str]]
    tokens: int
    max_tokens: int
    worst_case_micros: int
    history_dropped: int = 0


@dataclass(frozen=True)
class PromptRequest:
    message: str
    history: Sequence[dict[str, str]]
    system_style: str
    response_cap: int  # RESPONSE_MAX_TOKENS, or shorter in summary mode
    requested_max: int | None = None


def local_summary(history: Sequence[dict[str, str]]) -> str:
    """A free, extractive summary of earlier messages: the first sentence of each, shortened."""
    lines = []
    for message in list(history)[-SUMMARY_MAX_MESSAGES:]:
        if message.get("role") not in ("user", "assistant") or not message.get("content"):
            continue
        text = " ".join(message["content"].split())
        first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        if len(first) > SUMMARY_CHARS_PER_MESSAGE:
            first = first[:SUMMARY_CHARS_PER_MESSAGE].rsplit(" ", 1)[0] + "…"
        lines.append(f"- {message['role']}: {first}")
    return "\n".join(lines)


def summary_history(history: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """The context of summary-only mode: one system note instead of the earlier messages."""
    summary = local_summary(history)
    if not summary:
        return []
    return [{"role": "system", "content": "Summary of the conversation so far:\n" + summary}]


def _worst(model: ModelSpec, prompt_tokens: int, max_tokens: int) -> int:
    return pricing.worst_case_micros(model, prompt_tokens=prompt_tokens, max_tokens=max_tokens)


def _affordable_output(model: ModelSpec, prompt_tokens: int, cap_micros: int) -> int:
    """How many answer tokens fit under the cap after paying for the prompt."""
    left = Decimal(cap_micros) - Decimal(prompt_tokens) * model.token_margin * model.input_price
    if model.output_price == 0:
        return 10**9 if left >= 0 else -1
    return int((left / model.output_price).to_integral_value(rounding=ROUND_FLOOR))


def build(model: ModelSpec, request: PromptRequest, *, cap_micros: int | None = None) -> Prompt:
    """The prompt for `model`: within its context window and, if a cap is given, under it.

    Raises MessageTooLong when the message alone cannot fit, RequestTooExpensive when even the
    message alone with the shortest useful answer costs more than the cap.
    """
    history = list(request.history)
    system = [] if any(m.get("role") == "system" for m in history) else [
        {"role": "system", "content": prompts.system_prompt(request.system_style)}]
    user = {"role": "user", "content": request.message}
    fixed = tokens.count_chat([*system, user], model.encoding)
    room = model.context_window - MIN_OUTPUT_TOKENS
    if fixed > room:
        raise MessageTooLong(f"Your message is about {fixed:,} tokens; {model.display_name} accepts "
                             f"at most {room:,}. Shorten it or split it into parts.")
    costs = [tokens.count_chat([m], model.encoding) - tokens.REPLY_PRIMING_TOKENS for m in history]
    total = fixed + sum(costs)
    answer_cap = min(request.response_cap, model.max_output, request.requested_max or model.max_output)
    dropped = 0

    def drop_oldest() -> bool:
        nonlocal total, dropped
        index = next((i for i, m in enumerate(history) if m.get("role") != "system"), None)
        if index is None:
            return False
        total -= costs.pop(index)
        history.pop(index)
        dropped += 1
        return True

    while total > room:
        if not drop_oldest():
            raise MessageTooLong(f"The system messages alone exceed what {model.display_name} accepts.")
    if cap_micros is not None:
        # Shorter answer first; if even the shortest useful answer does not fit, less history.
        while _affordable_output(model, total, cap_micros) < min(MIN_OUTPUT_TOKENS, answer_cap):
            if not drop_oldest():
                raise RequestTooExpensive(
                    f"Even a short answer from {model.display_name} would cost more than the "
                    f"{format_usd(cap_micros)} allowed per request. Shorten your message or pick a "
                    "cheaper model.")
        answer_cap = min(answer_cap, _affordable_output(model, total, cap_micros))
    max_tokens = max(1, min(answer_cap, model.context_window - total))
    return Prompt(model=model, messages=[*system, *history, user], tokens=total,
                  max_tokens=max_tokens, worst_case_micros=_worst(model, total, max_tokens),
                  history_dropped=dropped)


def fit(candidates: Sequence[ModelSpec], request: PromptRequest, cap_micros: int) -> Prompt:
    """The prompt of the first candidate model (the chosen one, then cheaper ones) that fits
    under the cap; each candidate first gets a shorter answer, then less history."""
    errors: list[Exception] = []
    for model in candidates:
        try:
            return build(model, request, cap_micros=cap_micros)
        except RequestTooExpensive as exc:
            errors.append(exc)
    raise errors[0] if errors else RequestTooExpensive()
