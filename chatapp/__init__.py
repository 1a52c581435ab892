"""A cost-guarded, self-improving LLM chat application."""

__version__ = "0.1.0"
