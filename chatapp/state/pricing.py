"""The pricing page's state: the tiers as configured, and whether billing can run."""

from __future__ import annotations

import dataclasses

import reflex as rx

from chatapp.services.money import dollars_to_micros, format_usd
from chatapp.services.tiers import build_tiers
from chatapp.settings import get_settings
from chatapp.state.session import SessionState


@dataclasses.dataclass
class TierView:
    name: str
    price: str
    limits: str
    models: str
    current: bool = False


class PricingState(rx.State):
    tiers: list[TierView] = []
    billing_configured: bool = False

    @rx.event
    async def load(self):
        settings = get_settings()
        session = await self.get_state(SessionState)
        self.billing_configured = settings.stripe_secret_key is not None
        self.tiers = [
            TierView(
                name=tier.display_name,
                price=f"${tier.price_per_month}/month",
                limits=(f"{tier.messages_per_day} messages a day · "
                        f"{format_usd(dollars_to_micros(tier.daily_budget))} a day · "
                        f"{format_usd(dollars_to_micros(tier.monthly_budget))} a month"),
                models="Models: " + ", ".join(tier.model_classes),
                current=tier.name == session.tier,
            )
            for tier in build_tiers(settings.tier_overrides).values()
        ]
