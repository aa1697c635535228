"""A plain-text progress bar for management commands (no dependency, redraws in place)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Draws ``label [#####.....]  42 %`` on a terminal; prints nothing when not a terminal
    unless forced, so logs and tests are not flooded with carriage returns."""

    def __init__(self, label: str, stream: TextIO | None = None, *, force: bool = False) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = force or getattr(self.stream, "isatty", lambda: False)()
        self.last_draw = 0.0
        self.last_percent = -1

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        percent = min(100, done * 100 // total)
        now = time.monotonic()
        if percent == self.last_percent or (percent < 100 and now - self.last_draw < 0.2):
            return
        self.last_draw, self.last_percent = now, percent
        filled = percent * 30 // 100
        bar = "#" * filled + "." * (30 - filled)
        end = "\n" if percent >= 100 else ""
        self.stream.write(f"\r{self.label} [{bar}] {percent:3d} %{end}")
        self.stream.flush()
