"""Progress lines on stderr: updated in place on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        # Plain lines: about ten per set, so a log stays readable.
        self.every = max(1, total // 10)

    def tick(self, note: str = "") -> None:
        self.done += 1
        last = self.done == self.total
        line = f"{self.label}: {self.done}/{self.total}{f' {note}' if note else ''}"
        if self.tty:
            self.stream.write(f"\r\033[K{line}" + ("\n" if last else ""))
        elif last or self.done % self.every == 0:
            self.stream.write(line + "\n")
        self.stream.flush()


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
