"""Seed data (`bloxtr8 db seed`): the demo world and synthetic volume.

`demo`: a small world built through the model functions. `scale`: benchmark volume through
COPY (`--scale S`).
"""

from bot.seed.demo import DEMO_GUILD_DISCORD_ID, seed_demo
from bot.seed.scale import seed_scale

__all__ = ["DEMO_GUILD_DISCORD_ID", "seed_demo", "seed_scale"]
