"""Progress of ``arshif verify`` on stderr, so that stdout holds the report (or JSON) alone."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Progress of a long walk: on a terminal one line rewritten in place (and erased by
    ``close``), otherwise plain log lines at each phase's start and end and every
    ``interval`` seconds between."""

    def __init__(self, stream: TextIO | None = None, interval: float | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval if interval is not None else (0.2 if self.tty else 10.0)
        self.phase, self.total, self.done, self._last, self._shown = "", None, 0, 0.0, False

    def start(self, phase: str, total: int | None = None) -> None:
        self.phase, self.total, self.done = phase, total, 0
        self._last = time.monotonic()
        self._emit()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if time.monotonic() - self._last >= self.interval:
            self._last = time.monotonic()
            self._emit()

    def finish(self) -> None:
        self._emit(final=True)

    def close(self) -> None:
        """Erases the terminal's progress line, so that what follows starts on a clean line."""
        if self.tty and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def _emit(self, final: bool = False) -> None:
        count = f"{self.done}/{self.total}" if self.total is not None else str(self.done)
        line = f"verify: {self.phase}: {count}" + (" done" if final else "")
        if self.tty:
            self.stream.write("\r\x1b[K" + line)
            self._shown = True
        else:
            if not final and not self.done:  # the log line at the start of a phase
                line = f"verify: {self.phase}" + (f" ({self.total})" if self.total is not None else "") + "…"
            self.stream.write(line + "\n")
        self.stream.flush()


class SilentProgress(Progress):
    """No progress at all: for callers that passed none (a library call, not the CLI)."""

    def __init__(self) -> None:
        super().__init__(stream=sys.stderr, interval=float("inf"))

    def _emit(self, final: bool = False) -> None:
        pass
