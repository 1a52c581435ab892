"""Deterministic, prompt-dependent answers for the offline demo models (no AI involved).

The same prompt always gets the same answer; code questions get a fenced code block in the
language asked about, arithmetic gets computed, and larger demo models answer at more length.
"""

from __future__ import annotations

import ast
import hashlib
import operator
import re

_STOPWORDS = set("""a an and are as at be by can could do does for from how i in is it me my of on
or please should so that the this to was what when where which who why will with would you your
about into than then them they there these those some any just like make get want need know tell
explain write give show help use using""".split())

_LANGUAGES = [
    ("python", ("python", "django", "flask", "pandas", "pip ")),
    ("javascript", ("javascript", " js", "node", "react", "typescript", "npm")),
    ("sql", ("sql", "query", "database", "postgres", "sqlite", "select ")),
    ("bash", ("bash", "shell", "command line", "terminal", "script to ")),
    ("rust", ("rust", "cargo")),
    ("go", ("golang", " go ")),
]
_CODE_HINTS = ("code", "function", "bug", "error", "implement", "program", "script", "regex",
               "class ", "compile", "exception", "algorithm", "api", "debug", "refactor")
_WRITING_HINTS = ("write", "draft", "email", "letter", "poem", "story", "essay", "summar", "rewrite")
_GREETINGS = ("hi", "hello", "hey", "good morning", "good evening", "thanks", "thank you")

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv, ast.Pow: operator.pow, ast.Mod: operator.mod,
        ast.USub: operator.neg, ast.UAdd: operator.pos}


def topic_words(prompt: str, limit: int = 4) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z0-9_+#-]{2,}", prompt.lower())
    seen: list[str] = []
    for word in words:
        if word not in _STOPWORDS and word not in seen:
            seen.append(word)
    return seen[:limit]


def _variant(prompt: str, options: list[str]) -> str:
    digest = int(hashlib.sha256(prompt.encode()).hexdigest(), 16)
    return options[digest % len(options)]


def _evaluate(expression: str) -> str | None:
    """Safely evaluate plain arithmetic (numbers, + - * / % ** and parentheses)."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return None

    def value(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            left, right = value(node.left), value(node.right)
            if isinstance(node.op, ast.Pow) and abs(right) > 64:
                raise ValueError("exponent too large")
            return _OPS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](value(node.operand))
        raise ValueError("not arithmetic")

    try:
        result = value(tree)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    if isinstance(result, float) and result.is_integer():
        result = int(result)
    return f"{result:,}" if isinstance(result, int) else f"{result:.6g}"


def _language(lowered: str) -> str:
    for language, hints in _LANGUAGES:
        if any(hint in f" {lowered} " for hint in hints):
            return language
    return "python"


def _identifier(words: list[str]) -> str:
    name = "_".join(re.sub(r"[^a-z0-9]", "", w) for w in words[:3] if re.sub(r"[^a-z0-9]", "", w))
    return name or "solve"


def _code_sample(language: str, words: list[str]) -> str:
    name = _identifier(words)
    camel = name.split("_")[0] + "".join(part.title() for part in name.split("_")[1:])
    samples = {
        "python": f'def {name}(items: list) -> list:\n    """Return the cleaned-up items, keeping their order."""\n'
                  f'    result = []\n    for item in items:\n        if item is not None:\n'
                  f'            result.append(item)\n    return result\n\n\nprint({name}([3, None, 1]))  # [3, 1]',
        "javascript": f"function {camel}(items) {{\n  // Keep the order, drop empty values.\n"
                      f"  return items.filter((item) => item != null);\n}}\n\n"
                      f"console.log({camel}([3, null, 1])); // [3, 1]",
        "sql": f"-- {' '.join(words) or 'example'}\nSELECT id, name, created_at\nFROM items\n"
               "WHERE deleted_at IS NULL\nORDER BY created_at DESC\nLIMIT 20;",
        "bash": f"#!/usr/bin/env bash\n# {' '.join(words) or 'example'}\nset -euo pipefail\n"
                'for file in "$@"; do\n  echo "processing $file"\ndone',
        "rust": f"fn {name}(items: &[Option<i32>]) -> Vec<i32> {{\n    items.iter().flatten().copied().collect()\n}}",
        "go": f"func {camel}(items []*int) []int {{\n\tout := []int{{}}\n\tfor _, it := range items {{\n"
              "\t\tif it != nil {\n\t\t\tout = append(out, *it)\n\t\t}\n\t}\n\treturn out\n}",
    }
    return samples[language]


def demo_reply(prompt: str, *, quality: float = 0.6) -> str:
    """The demo model's answer to the last user message; longer and richer as quality rises."""
    text = prompt.strip()
    lowered = text.lower()
    words = topic_words(text)
    topic = " ".join(words) if words else "your question"
    detailed = quality >= 0.75
    thorough = quality >= 0.9

    if lowered.startswith("write a short title"):  # services/titles.py names a conversation
        question = text.partition("Question:")[2].partition("Answer:")[0]
        named = [w.capitalize() for w in topic_words(question, 5)]
        return " ".join(named) if named else "A quick question"

    arithmetic = re.search(r"[-+(]*\d[\d\s.+\-*/%()^]*[\d)]", text)
    if arithmetic and re.search(r"[+\-*/%^]", arithmetic.group()):
        expression = arithmetic.group().replace("^", "**").strip()
        result = _evaluate(expression)
        if result is not None:
            parts = [f"**{expression.replace('**', '^')} = {result}**"]
            if detailed:
                parts.append("Worked out step by step with the usual order of operations: "
                             "parentheses first, then powers, multiplication and division, "
                             "then addition and subtraction.")
            return "\n\n".join(parts)

    if any(lowered.startswith(g) for g in _GREETINGS) and len(lowered) < 40:
        return _variant(text, ["Hello! How can I help you today?",
                               "Hi there! What would you like to work on?",
                               "Hey! Ask me anything: code, writing, math or ideas."])

    if any(hint in lowered for hint in _CODE_HINTS) or any(
            hint in f" {lowered} " for _, hints in _LANGUAGES for hint in hints):
        language = _language(lowered)
        parts = [f"Here is a compact way to approach **{topic}** in {language.title()}:",
                 f"```{language}\n{_code_sample(language, words)}\n```",
                 "- It keeps the input unchanged and returns a new result.\n"
                 "- It runs in linear time over the input."]
        if detailed:
            parts.append("**Why this works:** each element is visited once, and the filter keeps "
                         "the original order, so the result is predictable and easy to test.")
        if thorough:
            parts.append("**Edge cases to test:** an empty input, an input with only empty values, "
                         "and a very large input (check memory use).")
        return "\n\n".join(parts)

    if any(hint in lowered for hint in _WRITING_HINTS):
        parts = [f"## Draft: {topic.title()}",
                 _variant(text, ["Here is a first version you can adapt:",
                                 "A short draft to start from:"]),
                 f"> {topic.capitalize()} matters because it shapes what comes next. "
                 "Start with the point, give one concrete example, and end with a clear next step."]
        if detailed:
            parts.append("**Tips:** keep sentences short, use active voice, and read it aloud once.")
        return "\n\n".join(parts)

    parts = [f"### {topic.capitalize()}",
             _variant(text, [f"Good question. In short, **{topic}** comes down to a few ideas:",
                             f"Here is an overview of **{topic}**:",
                             f"Let's break **{topic}** down:"]),
             "1. **Start with the goal**: what should be true when you are done?\n"
             "2. **Check the constraints**: time, cost and what must not change.\n"
             "3. **Take the smallest step** that moves you forward, then look again."]
    if detailed:
        parts.append(f"For {topic}, the most common mistake is trying to do everything at once; "
                     "a short feedback loop beats a big plan.")
    if thorough:
        parts.append("| Option | Cost | Effort |\n|---|---|---|\n| Quick fix | low | low |\n"
                     "| Proper solution | medium | medium |\n| Rewrite | high | high |")
    return "\n\n".join(parts)
