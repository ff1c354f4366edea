"""How long each phase of `bloxtr8 demo`'s start (and stop) took, for its log at debug.

`with phases.timed("migrations"):` logs `demo phase migrations: 1.23 s` when the block
ends; `phases.summary()` logs every phase measured so far in one line, slowest first.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator

log = logging.getLogger(__name__)


class Phases:
    """Wall-clock seconds per named phase, in the order they ended."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.started = time.perf_counter()

    @contextlib.contextmanager
    def timed(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - began)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        log.debug("demo phase %s: %.2f s", name, seconds)

    def summary(self, what: str) -> None:
        total = time.perf_counter() - self.started
        slowest = sorted(self.seconds.items(), key=lambda item: -item[1])
        log.debug(
            "demo %s in %.2f s: %s",
            what,
            total,
            ", ".join(f"{name} {seconds:.2f} s" for name, seconds in slowest),
        )
