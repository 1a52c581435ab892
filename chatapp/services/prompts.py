"""System prompts, by the style a user's profile asks for."""

from __future__ import annotations

_BASE = ("You are a helpful assistant. Use Markdown for structure and fenced code blocks, with the "
         "language named, for any code.")

SYSTEM_PROMPTS = {
    "standard": _BASE + " Answer clearly and completely, without padding.",
    "concise": _BASE + " Be brief: the shortest answer that fully helps.",
    "detailed": _BASE + " Explain your reasoning and add examples where they help.",
    "technical": _BASE + " The user is an expert: be precise, skip the basics, show code first.",
    "beginner": _BASE + " The user is new to the topic: explain terms and go step by step.",
}


def system_prompt(style: str | None) -> str:
    return SYSTEM_PROMPTS.get(style or "standard", SYSTEM_PROMPTS["standard"])
