"""A progress bar on stderr for long generations: one line, redrawn at most ten times a
second, with the step, the rows written and the elapsed seconds."""

import sys
import time


class Progress:
    def __init__(self, total_rows: int, stream=None):
        self.total = max(1, total_rows)
        self.done = 0
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.step = ""

    def begin(self, step: str) -> None:
        self.step = step
        self.draw(force=True)

    def add(self, rows: int) -> None:
        self.done += rows
        self.draw()

    def draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.drawn_at < 0.1:
            return
        self.drawn_at = now
        share = min(1.0, self.done / self.total)
        bar = "█" * int(share * 30) + "·" * (30 - int(share * 30))
        elapsed = now - self.started
        self.stream.write(
            f"\r{bar} {share:4.0%} {self.done:>11,} lignes · {elapsed:5.0f} s · {self.step:<32}"
        )
        self.stream.flush()

    def close(self) -> None:
        self.draw(force=True)
        self.stream.write("\n")
        self.stream.flush()
