"""Moved to `bot.sandbox.chain`; this name is kept for old imports."""

import sys

from bot.sandbox import chain

sys.modules[__name__] = chain
