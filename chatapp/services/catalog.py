"""The model catalogue: every model the app can offer, its provider, prices and limits, in one place.

Prices are dollars per 1M tokens (Decimal), as published by the providers in November 2026
(OpenAI and Anthropic pricing pages; OpenRouter's model list). Operators can correct a price with
MODEL_PRICE_OVERRIDES. A model is offered only when its provider is configured; with no provider
key at all, the built-in demo provider serves the demo models.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass
from decimal import Decimal

from chatapp.services.errors import ModelNotAllowed, UnknownModel
from chatapp.services.tiers import Tier
from chatapp.settings import Settings

D = Decimal


@dataclass(frozen=True)
class Provider:
    name: str
    display_name: str
    base_url: str | None  # None: taken from the settings (local servers, the demo provider)
    key_setting: str | None  # the Settings field (and env variable) holding the API key


@dataclass(frozen=True)
class ModelSpec:
    id: str  # our id, used by the UI, the API and /v1
    display_name: str
    provider: str
    upstream_id: str  # the id the provider expects
    input_price: Decimal  # dollars per 1M prompt tokens
    output_price: Decimal  # dollars per 1M completion tokens
    context_window: int
    max_output: int
    model_class: str  # mini | mid | large
    quality: float  # 0..1, a prior for routing until feedback says otherwise
    cached_input_price: Decimal | None = None
    encoding: str = "o200k_base"
    # Our counts use OpenAI's tokenizers; other tokenizers can need more tokens for the same text,
    # so worst-case estimates for those models are scaled up by this factor.
    token_margin: Decimal = D("1")
    tiers: tuple[str, ...] | None = None  # None: every tier allowed this model's class

    @property
    def is_demo(self) -> bool:
        return self.provider == "demo"

    def allowed_for(self, tier: Tier) -> bool:
        if self.tiers is not None:
            return tier.name in self.tiers
        return tier.allows_class(self.model_class)


PROVIDERS: dict[str, Provider] = {p.name: p for p in (
    Provider("openai", "OpenAI", "https://api.openai.com/v1", "openai_api_key"),
    Provider("openrouter", "OpenRouter", "https://openrouter.ai/api/v1", "openrouter_api_key"),
    Provider("anthropic", "Anthropic", "https://api.anthropic.com/v1/", "anthropic_api_key"),
    Provider("ollama", "Ollama (local)", None, None),
    Provider("vllm", "vLLM (local)", None, "vllm_api_key"),
    Provider("demo", "Demo", None, None),
)}

_OPENAI = [
    ModelSpec("gpt-5.4-nano", "GPT-5.4 nano", "openai", "gpt-5.4-nano", D("0.20"), D("1.25"),
              400_000, 128_000, "mini", 0.70, cached_input_price=D("0.02")),
    ModelSpec("gpt-4o-mini", "GPT-4o mini", "openai", "gpt-4o-mini", D("0.15"), D("0.60"),
              128_000, 16_384, "mini", 0.64, cached_input_price=D("0.075")),
    ModelSpec("gpt-4.1-mini", "GPT-4.1 mini", "openai", "gpt-4.1-mini", D("0.40"), D("1.60"),
              1_047_576, 32_768, "mini", 0.72, cached_input_price=D("0.10")),
    ModelSpec("gpt-3.5-turbo", "GPT-3.5 Turbo", "openai", "gpt-3.5-turbo", D("0.50"), D("1.50"),
              16_385, 4_096, "mini", 0.50, encoding="cl100k_base"),
    ModelSpec("gpt-5.4-mini", "GPT-5.4 mini", "openai", "gpt-5.4-mini", D("0.75"), D("4.50"),
              400_000, 128_000, "mid", 0.82, cached_input_price=D("0.075")),
    ModelSpec("gpt-5.4", "GPT-5.4", "openai", "gpt-5.4", D("2.50"), D("15.00"),
              400_000, 128_000, "large", 0.92, cached_input_price=D("0.25")),
    ModelSpec("gpt-5.5", "GPT-5.5", "openai", "gpt-5.5", D("5.00"), D("30.00"),
              400_000, 128_000, "large", 0.95, cached_input_price=D("0.50")),
]

_OPENROUTER = [
    ModelSpec("openrouter/meta-llama/llama-3.3-70b-instruct", "Llama 3.3 70B (OpenRouter)",
              "openrouter", "meta-llama/llama-3.3-70b-instruct", D("0.13"), D("0.40"),
              131_072, 16_384, "mini", 0.68, token_margin=D("1.2")),
    ModelSpec("openrouter/deepseek/deepseek-chat-v3.1", "DeepSeek V3.1 (OpenRouter)",
              "openrouter", "deepseek/deepseek-chat-v3.1", D("0.20"), D("0.80"),
              163_840, 32_768, "mid", 0.80, token_margin=D("1.2")),
    ModelSpec("openrouter/google/gemini-2.5-flash", "Gemini 2.5 Flash (OpenRouter)",
              "openrouter", "google/gemini-2.5-flash", D("0.30"), D("2.50"),
              1_048_576, 65_535, "mid", 0.83, token_margin=D("1.2")),
]

_ANTHROPIC = [
    ModelSpec("claude-haiku-4-5", "Claude Haiku 4.5", "anthropic", "claude-haiku-4-5",
              D("1.00"), D("5.00"), 200_000, 64_000, "mid", 0.83, token_margin=D("1.25")),
    ModelSpec("claude-sonnet-4-6", "Claude Sonnet 4.6", "anthropic", "claude-sonnet-4-6",
              D("3.00"), D("15.00"), 1_000_000, 64_000, "large", 0.93, token_margin=D("1.25")),
    ModelSpec("claude-opus-4-6", "Claude Opus 4.6", "anthropic", "claude-opus-4-6",
              D("5.00"), D("25.00"), 1_000_000, 128_000, "large", 0.96, token_margin=D("1.25")),
]

# Priced like real models, so the cost guard behaves in the demo as it will in production.
_DEMO = [
    ModelSpec("demo-mini", "Demo Mini", "demo", "demo-mini", D("0.15"), D("0.60"),
              128_000, 16_384, "mini", 0.60),
    ModelSpec("demo-plus", "Demo Plus", "demo", "demo-plus", D("0.75"), D("4.50"),
              128_000, 16_384, "mid", 0.78),
    ModelSpec("demo-max", "Demo Max", "demo", "demo-max", D("2.50"), D("15.00"),
              128_000, 16_384, "large", 0.92),
]

STATIC_MODELS: tuple[ModelSpec, ...] = (*_OPENAI, *_OPENROUTER, *_ANTHROPIC, *_DEMO)


def _local_models(settings: Settings) -> list[ModelSpec]:
    models = []
    if settings.ollama_base_url:
        name = settings.ollama_model
        models.append(ModelSpec(f"ollama/{name}", f"{name} (Ollama)", "ollama", name, D("0"), D("0"),
                                settings.ollama_context_window, 4_096, "mini", 0.55,
                                token_margin=D("1.2")))
    if settings.vllm_base_url and settings.vllm_model:
        name = settings.vllm_model
        models.append(ModelSpec(f"vllm/{name}", f"{name} (vLLM)", "vllm", name, D("0"), D("0"),
                                settings.vllm_context_window, 4_096, "mini", 0.60,
                                token_margin=D("1.2")))
    return models


def _apply_price_overrides(model: ModelSpec, settings: Settings) -> ModelSpec:
    override = settings.model_price_overrides.get(model.id)
    if not override:
        return model
    return dataclasses.replace(model, **{
        field: D(str(override[key])) for key, field in (
            ("input", "input_price"), ("output", "output_price"), ("cached_input", "cached_input_price"))
        if key in override
    })


def configured_providers(settings: Settings) -> set[str]:
    """Providers with what they need to be called: a key, or a local base URL."""
    names = {name for name in ("openai", "openrouter", "anthropic")
             if getattr(settings, PROVIDERS[name].key_setting) is not None}
    if settings.ollama_base_url:
        names.add("ollama")
    if settings.vllm_base_url and settings.vllm_model:
        names.add("vllm")
    if settings.demo_provider == "on" or (settings.demo_provider == "auto" and not names):
        names.add("demo")
    return names


def all_models(settings: Settings) -> list[ModelSpec]:
    """Every model of the catalogue, configured or not, with price overrides applied."""
    return [_apply_price_overrides(m, settings) for m in (*STATIC_MODELS, *_local_models(settings))]


def available_models(settings: Settings) -> list[ModelSpec]:
    """The models this installation can serve, cheapest first."""
    providers = configured_providers(settings)
    models = [m for m in all_models(settings) if m.provider in providers]
    return sorted(models, key=lambda m: (m.output_price, m.input_price, m.id))


def models_for_tier(tier: Tier, settings: Settings) -> list[ModelSpec]:
    return [m for m in available_models(settings) if m.allowed_for(tier)]


def get_model(model_id: str, settings: Settings) -> ModelSpec:
    """An available model by id, or UnknownModel (also for models whose provider has no key)."""
    for model in available_models(settings):
        if model.id == model_id:
            return model
    raise UnknownModel(f"Unknown model {model_id!r}. Available: "
                       f"{', '.join(m.id for m in available_models(settings)) or 'none'}.")


def require_allowed(model: ModelSpec, tier: Tier) -> None:
    if not model.allowed_for(tier):
        raise ModelNotAllowed(
            f"{model.display_name} is not included in the {tier.display_name} plan. "
            "Choose another model or upgrade.", upgrade_url="/pricing")


def default_model(tier: Tier, settings: Settings) -> ModelSpec:
    """The cheapest model the tier may use (routing refines this later)."""
    models = models_for_tier(tier, settings)
    if not models:
        raise UnknownModel("No model is available: configure a provider key or enable the demo.")
    return models[0]


def provider_endpoint(provider: str, settings: Settings) -> tuple[str, str]:
    """(base URL, API key) for calling a provider with the openai SDK."""
    spec = PROVIDERS[provider]
    if provider == "demo":
        return settings.demo_base_url or _local_demo_url(), demo_api_key(settings)
    if provider == "ollama":
        return settings.ollama_base_url or "", "ollama"
    if provider == "vllm":
        key = settings.vllm_api_key.get_secret_value() if settings.vllm_api_key else "none"
        return settings.vllm_base_url or "", key
    secret = getattr(settings, spec.key_setting)
    return spec.base_url or "", secret.get_secret_value() if secret else ""


def _local_demo_url() -> str:
    # Reflex passes the backend port to its workers in REFLEX_BACKEND_PORT.
    port = os.environ.get("REFLEX_BACKEND_PORT", "8000")
    return f"http://127.0.0.1:{port}/demo/v1"


def demo_api_key(settings: Settings) -> str:
    """The key the built-in demo provider accepts, derived from the signing key."""
    return "demo-" + hashlib.sha256(f"demo-provider:{settings.signing_key()}".encode()).hexdigest()[:32]

