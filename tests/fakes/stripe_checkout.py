"""Moved to `bot.sandbox.stripe_checkout`; this name is kept for old imports."""

import sys

from bot.sandbox import stripe_checkout

sys.modules[__name__] = stripe_checkout
