"""The plans: what each tier includes. Checkout arrives with Stripe billing."""

from __future__ import annotations

import reflex as rx

from chatapp.components.layout import top_bar
from chatapp.state.pricing import PricingState, TierView


def _tier_card(tier: TierView) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(tier.name, size="4"), rx.spacer(),
                      rx.cond(tier.current, rx.badge("Your plan", color_scheme="teal"))),
            rx.heading(tier.price, size="6"),
            rx.text(tier.limits, size="2", color_scheme="gray"),
            rx.text(tier.models, size="2"),
            spacing="2",
        ),
        width="100%",
        class_name="tier-card",
    )


def pricing_page() -> rx.Component:
    return rx.vstack(
        top_bar(),
        rx.vstack(
            rx.heading("Plans", size="7"),
            rx.text("Every plan is cost-guarded: a request never costs more than its plan allows.",
                    color_scheme="gray"),
            rx.cond(~PricingState.billing_configured,
                    rx.callout("Billing is not configured on this installation, so plans cannot be "
                               "bought here yet. Ask your administrator to change your plan.",
                               icon="info", color_scheme="blue", id="billing-not-configured")),
            rx.grid(rx.foreach(PricingState.tiers, _tier_card), columns=rx.breakpoints(initial="1", sm="2", lg="4"),
                    spacing="4", width="100%"),
            rx.link("Back to chat", href="/chat"),
            spacing="4",
            padding="24px",
            width="100%",
            max_width="1100px",
            margin_x="auto",
        ),
        spacing="0",
        width="100%",
    )
