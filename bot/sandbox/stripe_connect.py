"""Connect for the Stripe stand-in: accounts, account links, onboarding and transfers.

Transfers may not outrun the charge they are funded from (`source_transaction`) or the
platform balance.
"""

from __future__ import annotations

import time
import warnings
from typing import Any

from aiohttp import web
from localstripe import resources as ls

with warnings.catch_warnings():  # localstripe's sync handlers: "Bare functions are deprecated"
    warnings.simplefilter("ignore", DeprecationWarning)
    from localstripe import server as ls_server

from bot.sandbox.stripe_state import _STATE, _AccountLink, _emit, _error, _objects, _random_id

_ACCOUNT_TYPES = ("standard", "express", "custom")
_ONBOARDING_DUE = ["external_account", "tos_acceptance.date", "tos_acceptance.ip"]


class Account(ls.StripeObject):
    object = "account"
    _id_prefix = "acct_"

    def __init__(
        self,
        type: str | None = None,
        country: str | None = None,
        email: str | None = None,
        capabilities: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        business_type: str | None = None,
        business_profile: dict[str, Any] | None = None,
        controller: dict[str, Any] | None = None,
        default_currency: str | None = None,
        tos_acceptance: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs:
            raise _error(400, "Received unknown parameter: " + ", ".join(kwargs))
        if type is None and controller is None:
            raise _error(400, "You must provide `type` or `controller`.", param="type")
        if type is not None and type not in _ACCOUNT_TYPES:
            raise _error(400, f"Invalid type: {type}", param="type")
        if capabilities is not None and not isinstance(capabilities, dict):
            raise _error(400, "Invalid capabilities", param="capabilities")
        requested = [
            name
            for name, spec in (capabilities or {}).items()
            if isinstance(spec, dict) and str(spec.get("requested")).lower() == "true"
        ]
        if not requested:
            if type == "custom":
                raise _error(
                    400, "Custom accounts must request capabilities.", param="capabilities"
                )
            requested = ["card_payments", "transfers"]
        country = country or "US"
        super().__init__()
        onboarded = _STATE.accounts_start_onboarded
        self.type = type or "none"
        self.country = country
        self.email = email
        self.metadata = metadata or {}
        self.business_type = business_type
        self.business_profile = business_profile or {}
        self.controller = controller or {"type": "application", "is_controller": True}
        self.default_currency = default_currency or ("usd" if country == "US" else "eur")
        self.tos_acceptance = tos_acceptance or {}
        self.settings = settings or {}
        self.capabilities = dict.fromkeys(requested, "active" if onboarded else "inactive")
        self.charges_enabled = onboarded
        self.payouts_enabled = onboarded
        self.details_submitted = onboarded
        self.requirements = _requirements(onboarded)

    @classmethod
    def _api_update(cls, id: str, **data: Any) -> Any:
        readonly = {"charges_enabled", "payouts_enabled", "details_submitted", "requirements"}
        readonly |= {"type", "country", "controller", "capabilities", "id", "object"}
        if readonly & data.keys():
            raise _error(
                400, "Received unknown parameter: " + ", ".join(sorted(readonly & data.keys()))
            )
        before = super()._api_retrieve(id)._export()
        obj = super()._api_update(id, **data)
        after = obj._export()
        previous = {k: before[k] for k in data if k in before and before[k] != after.get(k)}
        _emit("account.updated", obj, account=obj.id, previous_attributes=previous)
        return obj

    @classmethod
    def _api_list_all(cls, url: str, limit: Any = None, starting_after: Any = None) -> Any:
        li = super()._api_list_all(url, limit=limit, starting_after=starting_after)
        li._list.reverse()
        return li


def _requirements(onboarded: bool) -> dict[str, Any]:
    due = [] if onboarded else list(_ONBOARDING_DUE)
    return {
        "currently_due": due,
        "eventually_due": list(due),
        "past_due": list(due),
        "pending_verification": [],
        "errors": [],
        "disabled_reason": None if onboarded else "requirements.past_due",
        "current_deadline": None,
    }


def _account(account_id: Any, *, param: str = "account") -> Any:
    obj = ls.store.get(f"account:{account_id}") if isinstance(account_id, str) else None
    if obj is None:
        raise _error(
            400 if param != "id" else 404,
            f"No such {param}: '{account_id}'",
            code="resource_missing",
            param=param,
        )
    return obj


class Transfer(ls.StripeObject):
    object = "transfer"
    _id_prefix = "tr_"

    def __init__(
        self,
        amount: Any = None,
        currency: str | None = None,
        destination: str | None = None,
        source_transaction: str | None = None,
        transfer_group: str | None = None,
        metadata: dict[str, Any] | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs:
            raise _error(400, "Received unknown parameter: " + ", ".join(kwargs))
        amount = ls.try_convert_to_int(amount)
        if not isinstance(amount, int) or amount <= 0:
            raise _error(400, "Invalid positive integer", param="amount")
        if not isinstance(currency, str) or not currency:
            raise _error(400, "Missing required param: currency.", param="currency")
        if metadata is not None and not isinstance(metadata, dict):
            raise _error(400, "Invalid metadata", param="metadata")
        account = _account(destination, param="destination")
        if account.capabilities.get("transfers") != "active":
            raise _error(
                400,
                "Your destination account needs to have at least one of the following "
                "capabilities enabled: transfers, crypto_transfers, legacy_payments",
                code="insufficient_capabilities_for_transfer",
                param="destination",
            )
        currency = currency.lower()
        if source_transaction is not None:
            charge = ls.store.get(f"charge:{source_transaction}")
            if charge is None:
                raise _error(
                    400,
                    f"No such charge: '{source_transaction}'",
                    code="resource_missing",
                    param="source_transaction",
                )
            if charge.status != "succeeded" or not charge.captured:
                raise _error(
                    400,
                    f"The source transaction {source_transaction} has not succeeded.",
                    param="source_transaction",
                )
            if charge.currency.lower() != currency:
                raise _error(
                    400,
                    "The currency of the transfer must match that of the source transaction.",
                    param="currency",
                )
            left = _left_on_charge(charge)
            if amount > left:
                raise _error(
                    400,
                    f"The transfer amount ({amount}) exceeds what is left on source "
                    f"transaction {source_transaction} ({left}).",
                    code="balance_insufficient",
                    param="amount",
                )
        elif amount > platform_balance(currency):
            raise _error(
                400,
                "You have insufficient available funds in your Stripe account.",
                code="balance_insufficient",
                param="amount",
            )
        super().__init__()
        self.amount = amount
        self.amount_reversed = 0
        self.balance_transaction = None
        self.currency = currency
        self.description = description
        self.destination = destination
        self.destination_payment = "py_" + _random_id()
        self.metadata = metadata or {}
        self.reversed = False
        self.source_transaction = source_transaction
        self.source_type = "card"
        self.transfer_group = transfer_group

    @classmethod
    def _api_create(cls, **data: Any) -> Any:
        obj = super()._api_create(**data)
        _emit("transfer.created", obj)
        return obj

    @classmethod
    def _api_update(cls, id: str, **data: Any) -> Any:
        unknown = data.keys() - {"metadata", "description"}
        if unknown:
            raise _error(400, "Received unknown parameter: " + ", ".join(sorted(unknown)))
        obj = super()._api_update(id, **data)
        _emit("transfer.updated", obj)
        return obj

    @classmethod
    def _api_list_all(
        cls,
        url: str,
        destination: str | None = None,
        transfer_group: str | None = None,
        limit: Any = None,
        starting_after: Any = None,
        **kwargs: Any,
    ) -> Any:
        if kwargs:
            raise _error(400, "Received unknown parameter: " + ", ".join(kwargs))
        li = super()._api_list_all(url, limit=limit, starting_after=starting_after)
        li._list = [
            t
            for t in reversed(li._list)
            if (destination is None or t.destination == destination)
            and (transfer_group is None or t.transfer_group == transfer_group)
        ]
        return li


def _left_on_charge(charge: Any) -> int:
    """What a charge can still fund: its amount less refunds and earlier transfers."""
    transferred = sum(t.amount for t in _objects("transfer") if t.source_transaction == charge.id)
    return int(charge.amount - charge.amount_refunded - transferred)


def platform_balance(currency: str | None = None) -> int:
    """Succeeded, captured charges less refunds less transfers (fees are zero here)."""

    def wanted(obj: Any) -> bool:
        return currency is None or obj.currency.lower() == currency.lower()

    charged = sum(
        c.amount for c in _objects("charge") if c.status == "succeeded" and c.captured and wanted(c)
    )
    refunded = sum(r.amount for r in _objects("refund") if r.status == "succeeded" and wanted(r))
    transferred = sum(t.amount for t in _objects("transfer") if wanted(t))
    return int(charged - refunded - transferred)


async def _account_links(request: web.Request) -> web.StreamResponse:
    data = await ls_server.get_post_data(request) or {}
    data.pop("expand", None)
    account = data.pop("account", None)
    refresh_url = data.pop("refresh_url", None)
    return_url = data.pop("return_url", None)
    link_type = data.pop("type", None)
    data.pop("collect", None)
    data.pop("collection_options", None)
    if data:
        raise _error(400, "Received unknown parameter: " + ", ".join(data))
    _account(account)
    if link_type not in ("account_onboarding", "account_update"):
        raise _error(400, f"Invalid type: {link_type}", param="type")
    for name, url in (("refresh_url", refresh_url), ("return_url", return_url)):
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise _error(400, f"Not a valid URL: {name}", param=name)
    created = int(time.time())
    token = _random_id(24)
    assert isinstance(account, str) and isinstance(return_url, str)
    assert isinstance(refresh_url, str)
    _STATE.links[token] = _AccountLink(account, return_url, refresh_url, created + 300)
    url = f"{request.url.origin()}/connect/onboard/{account}?link={token}"
    body = {"object": "account_link", "created": created, "expires_at": created + 300, "url": url}
    return ls_server.json_response(body)


async def _onboarding_page(request: web.Request) -> web.StreamResponse:
    """The seller's browser opening an account link: onboarding completes, back to return_url."""
    link = _STATE.links.get(request.query.get("link", ""))
    if link is None or link.account != request.match_info["account"]:
        raise web.HTTPNotFound(text="unknown account link")
    if link.expires_at < time.time():
        raise web.HTTPFound(link.refresh_url)
    set_account(link.account, details_submitted=True, charges_enabled=True, payouts_enabled=True)
    raise web.HTTPFound(link.return_url)


def set_account(account_id: str, **changes: Any) -> dict[str, Any]:
    """Change what Stripe decides about an account and send `account.updated`.

    Keys: `payouts_enabled`, `charges_enabled`, `details_submitted`, `email`, `metadata`,
    `capabilities` ({name: status}), `requirements` (merged). Enabling payouts without
    saying otherwise also clears the requirements and activates requested capabilities.
    """
    obj = _account(account_id, param="id")
    allowed = {"payouts_enabled", "charges_enabled", "details_submitted", "email"}
    allowed |= {"metadata", "capabilities", "requirements"}
    unknown = changes.keys() - allowed
    if unknown:
        raise ValueError(f"set_account can't change {sorted(unknown)}")
    previous: dict[str, Any] = {}
    if changes.get("payouts_enabled") and "requirements" not in changes:
        changes["requirements"] = _requirements(True)
        if "capabilities" not in changes:
            changes["capabilities"] = dict.fromkeys(obj.capabilities, "active")
    elif changes.get("payouts_enabled") is False and "requirements" not in changes:
        changes["requirements"] = _requirements(False)
    for key, value in changes.items():
        current = getattr(obj, key)
        if key in ("capabilities", "requirements", "metadata"):
            value = {**current, **value}
        if current != value:
            previous[key] = current
            setattr(obj, key, value)
    if previous:
        _emit("account.updated", obj, account=obj.id, previous_attributes=previous)
    exported: dict[str, Any] = obj._export()
    return exported
