"""The demo models' answers: deterministic, useful and shaped by the prompt."""

from __future__ import annotations

from chatapp.services.demo_replies import demo_reply


def test_same_prompt_same_answer():
    prompt = "What are good strategies for learning Spanish?"
    assert demo_reply(prompt) == demo_reply(prompt)
    assert demo_reply(prompt) != demo_reply("How do plants make energy from light?")


def test_code_questions_get_a_code_block_in_the_asked_language():
    python = demo_reply("How do I remove None values from a list in Python?")
    assert "```python" in python and "def remove_none_values" in python
    js = demo_reply("Write a javascript function to filter an array")
    assert "```javascript" in js
    sql = demo_reply("Write a SQL query for the latest orders")
    assert "```sql" in sql and "SELECT" in sql


def test_arithmetic_is_computed():
    assert "= 588" in demo_reply("What is 12*(3+4)^2?")
    assert "= 0.5" in demo_reply("compute 1/2")


def test_larger_models_answer_at_more_length():
    prompt = "Explain how to plan a garden"
    assert len(demo_reply(prompt, quality=0.95)) > len(demo_reply(prompt, quality=0.6))
