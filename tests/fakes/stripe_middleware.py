"""Moved to `bot.sandbox.stripe_middleware`; this name is kept for old imports."""

import sys

from bot.sandbox import stripe_middleware

sys.modules[__name__] = stripe_middleware
