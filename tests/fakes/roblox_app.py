"""Moved to `bot.sandbox.roblox_app`; this name is kept for old imports."""

import sys

from bot.sandbox import roblox_app

sys.modules[__name__] = roblox_app
