"""The bot's web tier: webhooks, the Pay link and its pages, payout onboarding return."""

from bot.web.links import pay_url, payout_urls
from bot.web.server import WebServer

__all__ = ["WebServer", "pay_url", "payout_urls"]
