"""Markdown as the chat shows it: plain HTML elements styled by assets/chat.css, code highlighted
by class once on screen, a copy button on every code block, raw HTML kept as text."""

from __future__ import annotations

import reflex as rx


class LazyCode(rx.Component):
    """A code block highlighted once it is on screen (lazy_code.jsx)."""

    library = rx.asset("lazy_code.jsx", shared=True).importable_path
    lib_dependencies: list[str] = ["react-syntax-highlighter@16.1.2"]  # the version rx.code_block uses
    tag = "LazyCode"

    code: rx.Var[str]
    language: rx.Var[str]


def _code_block(value, language="") -> rx.Component:
    # Highlighting with Prism's inline styles matched every token's classes against the whole
    # theme (opening 50 messages spent 340 of its 780 ms of CPU there, Chromium's profiler); the
    # tokens now carry classes coloured by assets/chat.css, and only blocks on screen are
    # highlighted at all.
    return rx.el.div(
        LazyCode.create(code=value, language=language),
        rx.el.button(rx.icon("copy", size=14), type="button", aria_label="Copy code", title="Copy code",
                     class_name="copy-code", on_click=rx.set_clipboard(value)),
        class_name="code-block",
    )


def _plain(tag: str):
    """Markdown's element as the plain HTML element, styled once by assets/chat.css rather than
    a Radix Themes component with its own emotion style per paragraph."""
    element = getattr(rx.el, tag)
    return lambda value: element(value)


# The frequent elements as plain HTML (links stay Radix links: rx.el.a is a router link).
_COMPONENT_MAP = {tag: _plain(tag) for tag in ("h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "code")}


def markdown(text) -> rx.Component:
    """Markdown with highlighted code and a copy button on every code block. Raw HTML in an
    answer stays text: model output must never become live elements on our origin."""
    return rx.markdown(text, component_map={**_COMPONENT_MAP, "pre": _code_block}, use_raw=False,
                       class_name="markdown")
