"""Fidelity patches to localstripe's own resources (PaymentIntents, charges, refunds)."""

from __future__ import annotations

import re
import time
import warnings
from typing import Any

from aiohttp import web
from localstripe import resources as ls

with warnings.catch_warnings():  # localstripe's sync handlers: "Bare functions are deprecated"
    warnings.simplefilter("ignore", DeprecationWarning)
    from localstripe import server as ls_server

from bot.sandbox.stripe_state import Override, _emit, _error

_PI_EXTRA_PARAMS = (
    "transfer_group",
    "description",
    "automatic_payment_methods",
    "receipt_email",
    "statement_descriptor_suffix",
    "setup_future_usage",
)


def _install_resource_patches() -> None:
    pi_cls = ls.PaymentIntent
    orig_pi_create = pi_cls._api_create
    orig_pi_export = pi_cls._export
    orig_create_charge = pi_cls._create_charge
    orig_refund_create = ls.Refund._api_create
    orig_declined = ls.PaymentMethod._charging_is_declined

    def pi_create(cls: Any, /, **data: Any) -> Any:
        extras = {name: data.pop(name, None) for name in _PI_EXTRA_PARAMS}
        automatic = extras["automatic_payment_methods"]
        if isinstance(automatic, dict):
            enabled = str(automatic.get("enabled")).lower() == "true"
            extras["automatic_payment_methods"] = {"enabled": enabled}
        # confirm after the extras are set, so the charge carries the transfer_group
        confirm = data.pop("confirm", None)
        data.pop("off_session", None)
        obj = orig_pi_create(**data)
        for name, value in extras.items():
            setattr(obj, name, value)
        obj.cancellation_reason = None
        obj.canceled_at = None
        _emit("payment_intent.created", obj)
        if str(confirm).lower() == "true":
            if not obj.payment_method:
                raise _error(
                    400,
                    "You cannot confirm this PaymentIntent because it's missing a payment method.",
                    code="payment_intent_unexpected_state",
                )
            obj._confirm(on_failure_now=obj._report_failure)
        return obj

    def pi_export(self: Any, expand: Any = None) -> Any:
        out = orig_pi_export(self, expand=expand)
        wanted = expand or []
        charge = out.get("latest_charge")
        if isinstance(charge, dict) and not any(
            p == "latest_charge" or p.startswith("latest_charge.") for p in wanted
        ):
            out["latest_charge"] = charge["id"]
        out["amount_received"] = self.amount if out["status"] == "succeeded" else 0
        out["amount_capturable"] = self.amount if out["status"] == "requires_capture" else 0
        out.setdefault("cancellation_reason", None)
        out.setdefault("canceled_at", None)
        out.setdefault("transfer_group", None)
        out.setdefault("description", None)
        return out

    def create_charge(self: Any, on_failure_now: Any) -> None:
        try:
            orig_create_charge(self, on_failure_now)
        finally:
            charge = self.latest_charge
            if charge is not None:
                charge.transfer_group = getattr(self, "transfer_group", None)
                if charge.status == "failed":
                    _emit("charge.failed", charge)
                elif charge.status == "succeeded" and charge.captured:
                    _emit("charge.succeeded", charge)

    def refund_create(cls: Any, /, **data: Any) -> Any:
        reason = data.pop("reason", None)
        if reason not in (None, "duplicate", "fraudulent", "requested_by_customer"):
            raise _error(400, f"Invalid reason: {reason}", param="reason")
        charge = _refundable_charge(data)
        amount = ls.try_convert_to_int(data.get("amount"))
        left = charge.amount - charge.amount_refunded
        if left <= 0:
            raise _error(
                400,
                f"Charge {charge.id} has already been refunded.",
                code="charge_already_refunded",
            )
        if isinstance(amount, int) and amount > left:
            raise _error(
                400,
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                param="amount",
            )
        refund = orig_refund_create(**data)
        refund.reason = reason
        refund.payment_intent = refund.payment_intent or charge.payment_intent
        _emit("refund.created", refund)
        _emit("charge.refunded", charge)
        return refund

    def charging_is_declined(self: Any) -> bool:
        return bool(orig_declined(self) or self._attaching_is_declined())

    pi_cls._api_create = classmethod(pi_create)
    pi_cls._export = pi_export
    pi_cls._create_charge = create_charge
    ls.Refund._api_create = classmethod(refund_create)
    ls.PaymentMethod._charging_is_declined = charging_is_declined


def _refundable_charge(data: dict[str, Any]) -> Any:
    if data.get("payment_intent") is not None:
        intent = ls.store.get(f"payment_intent:{data['payment_intent']}")
        if intent is None:
            raise _error(
                400,
                f"No such payment_intent: '{data['payment_intent']}'",
                code="resource_missing",
                param="payment_intent",
            )
        if intent.latest_charge is None or intent.status != "succeeded":
            raise _error(
                400,
                f"This PaymentIntent ({intent.id}) does not have a successful charge to refund.",
                code="charge_not_refundable"
                if intent.latest_charge is not None
                else "payment_intent_unexpected_state",
            )
        return intent.latest_charge
    charge = ls.store.get(f"charge:{data.get('charge')}")
    if charge is None:
        raise _error(
            400, f"No such charge: '{data.get('charge')}'", code="resource_missing", param="charge"
        )
    return charge


def _attach_payment_method(intent: Any, payment_method: str) -> None:
    ls.PaymentMethod._api_retrieve(payment_method)  # 404 if unknown
    if intent.status not in ("requires_payment_method", "requires_confirmation"):
        raise _error(
            400,
            f"This PaymentIntent's payment_method could not be updated because it has a "
            f"status of {intent.status}.",
            code="payment_intent_unexpected_state",
        )
    if intent.latest_charge is not None and intent.latest_charge.status == "failed":
        intent.latest_charge = None  # a new attempt; localstripe would stay stuck otherwise
    intent.payment_method = payment_method


async def _pi_cancel(request: web.Request, match: re.Match[str]) -> web.StreamResponse:
    data = await ls_server.get_post_data(request) or {}
    expand = data.pop("expand", None)
    reason = data.pop("cancellation_reason", None)
    allowed = (None, "duplicate", "fraudulent", "requested_by_customer", "abandoned")
    if reason not in allowed:
        raise _error(400, f"Invalid cancellation_reason: {reason}", param="cancellation_reason")
    intent = ls.PaymentIntent._api_retrieve(match["id"])
    if intent.status in ("succeeded", "canceled", "processing"):
        raise _error(
            400,
            f"You cannot cancel this PaymentIntent because it has a status of {intent.status}.",
            code="payment_intent_unexpected_state",
        )
    intent = ls.PaymentIntent._api_cancel(match["id"], **data)
    intent.cancellation_reason = reason
    intent.canceled_at = int(time.time())
    _emit("payment_intent.canceled", intent)
    return ls_server.json_response(intent._export(expand=expand))


async def _pi_confirm(request: web.Request, match: re.Match[str]) -> web.StreamResponse:
    data = await ls_server.get_post_data(request) or {}
    expand = data.pop("expand", None)
    data.pop("return_url", None)
    payment_method = data.pop("payment_method", None)
    if payment_method is not None:
        _attach_payment_method(ls.PaymentIntent._api_retrieve(match["id"]), payment_method)
    intent = ls.PaymentIntent._api_confirm(match["id"], **data)
    return ls_server.json_response(intent._export(expand=expand))


_OVERRIDES: list[tuple[str, re.Pattern[str], Override]] = [
    ("POST", re.compile(r"^/v1/payment_intents/(?P<id>pi_\w+)/cancel$"), _pi_cancel),
    ("POST", re.compile(r"^/v1/payment_intents/(?P<id>pi_\w+)/confirm$"), _pi_confirm),
]
