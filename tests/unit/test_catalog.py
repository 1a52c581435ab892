"""The model catalogue: what is offered depends on configured providers and the user's tier."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chatapp.services import catalog
from chatapp.services.errors import ModelNotAllowed, UnknownModel
from chatapp.services.tiers import build_tiers
from chatapp.settings import Settings

TIERS = build_tiers()


def settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


def ids(models) -> list[str]:
    return [m.id for m in models]


def test_every_entry_is_complete_and_priced_in_decimal():
    seen = set()
    for model in catalog.STATIC_MODELS:
        assert model.id not in seen
        seen.add(model.id)
        assert model.provider in catalog.PROVIDERS
        assert isinstance(model.input_price, Decimal) and isinstance(model.output_price, Decimal)
        assert model.output_price >= model.input_price >= 0
        assert model.model_class in ("mini", "mid", "large")
        assert model.encoding in ("o200k_base", "cl100k_base")
        assert 0 < model.max_output <= model.context_window
        assert 0 <= model.quality <= 1


def test_without_keys_only_the_demo_is_offered():
    models = catalog.available_models(settings())
    assert ids(models) == ["demo-mini", "demo-plus", "demo-max"]
    assert all(m.is_demo for m in models)


def test_a_provider_key_offers_its_models_and_switches_the_demo_off():
    models = catalog.available_models(settings(openai_api_key="sk-test"))
    assert {m.provider for m in models} == {"openai"}
    assert "gpt-5.4-nano" in ids(models) and "claude-haiku-4-5" not in ids(models)
    assert "demo-mini" in ids(catalog.available_models(settings(openai_api_key="sk-test",
                                                                demo_provider="on")))
    assert catalog.available_models(settings(demo_provider="off")) == []


def test_local_providers_need_their_base_url():
    configured = settings(ollama_base_url="http://127.0.0.1:11434/v1", ollama_model="qwen3",
                          vllm_base_url="http://127.0.0.1:8001/v1", vllm_model="mistral")
    assert {"ollama/qwen3", "vllm/mistral"} <= set(ids(catalog.available_models(configured)))
    assert catalog.get_model("ollama/qwen3", configured).input_price == 0


def test_models_for_tier_follow_the_model_classes():
    demo = settings()
    assert ids(catalog.models_for_tier(TIERS["free"], demo)) == ["demo-mini"]
    assert ids(catalog.models_for_tier(TIERS["starter"], demo)) == ["demo-mini", "demo-plus"]
    assert ids(catalog.models_for_tier(TIERS["pro"], demo)) == ["demo-mini", "demo-plus", "demo-max"]


def test_unknown_and_unconfigured_models_are_refused_and_tier_rights_enforced():
    demo = settings()
    with pytest.raises(UnknownModel, match="Available: demo-mini"):
        catalog.get_model("gpt-5.5", demo)  # in the catalogue, but no OpenAI key
    with pytest.raises(ModelNotAllowed) as refused:
        catalog.require_allowed(catalog.get_model("demo-max", demo), TIERS["free"])
    assert refused.value.upgrade_url == "/pricing"
    catalog.require_allowed(catalog.get_model("demo-max", demo), TIERS["pro"])


def test_price_overrides_replace_only_the_named_prices():
    overridden = settings(model_price_overrides='{"demo-mini": {"output": "0.99"}}')
    model = catalog.get_model("demo-mini", overridden)
    assert model.output_price == Decimal("0.99") and model.input_price == Decimal("0.15")


def test_provider_endpoints():
    keyed = settings(openai_api_key="sk-test", anthropic_api_key="sk-ant")
    assert catalog.provider_endpoint("openai", keyed) == ("https://api.openai.com/v1", "sk-test")
    assert catalog.provider_endpoint("anthropic", keyed)[0] == "https://api.anthropic.com/v1/"
    demo = settings(demo_base_url="http://127.0.0.1:9/demo/v1", secret_key="k" * 40)
    url, key = catalog.provider_endpoint("demo", demo)
    assert url == "http://127.0.0.1:9/demo/v1" and key == catalog.demo_api_key(demo)
    assert key != catalog.demo_api_key(settings(secret_key="z" * 40))
