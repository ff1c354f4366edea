"""A sender process for the outbox tests: delivers due notifications until none are left.

python -m tests.fakes.outbox_sender DATABASE_URL API_BASE
"""

from __future__ import annotations

import asyncio
import sys

from bot.db import orm
from bot.outbox import HttpOnly, Sender, http_client


async def main(url: str, api_base: str) -> None:
    async with orm(url, pool_max=8):
        http = await http_client("stand-in-token", api_base=api_base)
        try:
            sender = Sender(HttpOnly(http), concurrency=4)
            print("ready", flush=True)
            while await sender.drain(limit=100):
                pass
        finally:
            await http.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
