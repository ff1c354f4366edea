"""Moved to `bot.sandbox.stripe_state`; this name is kept for old imports."""

import sys

from bot.sandbox import stripe_state

sys.modules[__name__] = stripe_state
