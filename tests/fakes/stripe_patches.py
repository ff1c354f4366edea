"""Moved to `bot.sandbox.stripe_patches`; this name is kept for old imports."""

import sys

from bot.sandbox import stripe_patches

sys.modules[__name__] = stripe_patches
