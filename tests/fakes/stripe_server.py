"""Moved to `bot.sandbox.stripe_server`; this name is kept for old imports."""

import sys

from bot.sandbox import stripe_server

sys.modules[__name__] = stripe_server
