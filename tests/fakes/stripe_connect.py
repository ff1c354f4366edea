"""Moved to `bot.sandbox.stripe_connect`; this name is kept for old imports."""

import sys

from bot.sandbox import stripe_connect

sys.modules[__name__] = stripe_connect
