"""A progress bar for long renders, drawn only while a person watches."""

import sys
import threading

import rich.progress
from pelican.log import console as pelican_console
from rich.console import Console

# Fewer images than this convert in a breath: no bar.
SHOWN_FROM = 40


class Progress:
    """A bar counting the images converted, for long renders, while a person watches: drawn by rich under
    Pelican's own "Generating..." line when both its console and stderr are terminals; silent otherwise
    (logs, CI, tests)."""

    def __init__(self, console: Console | None = None, shown: bool | None = None) -> None:
        self.console = console or pelican_console
        self.shown = self.console.is_terminal and sys.stderr.isatty() if shown is None else shown
        self.total = self.done = 0
        self._bar: rich.progress.Progress | None = None
        self._task: rich.progress.TaskID | None = None
        self._lock = threading.Lock()  # the pool's result thread advances it

    def add(self, count: int = 1) -> None:
        with self._lock:
            self.total += count
            if self._bar is None and self.shown and self.total >= SHOWN_FROM:
                self._bar = rich.progress.Progress(
                    rich.progress.TextColumn("Rendering charts"),
                    rich.progress.BarColumn(),
                    rich.progress.MofNCompleteColumn(),
                    rich.progress.TextColumn("images"),
                    rich.progress.TimeRemainingColumn(),
                    console=self.console,
                    transient=True,
                )
                self._task = self._bar.add_task("images", total=self.total, completed=self.done)
                self._bar.start()
            elif self._bar is not None:
                self._bar.update(self._task, total=self.total)

    def advance(self, *_: object) -> None:
        with self._lock:
            self.done += 1
            if self._bar is not None:
                self._bar.update(self._task, completed=self.done)
                if self.done >= self.total:
                    self._bar.stop()
                    self._bar = None
