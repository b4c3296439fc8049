"""Problems found in the site's data and content, reported together in one shape."""

import difflib
import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong: where it is, what is wrong, what was expected, and a hint."""

    where: str
    what: str
    expected: str = ""
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.where}: {self.what}"
        if self.expected:
            text += f" (expected {self.expected})"
        if self.hint:
            text += f"; {self.hint}"
        return text


class DataError(Exception):
    """Raised once with every problem found, so the web team can fix them all in one go."""

    exitcode = 1

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        count = len(self.problems)
        heading = "1 problem" if count == 1 else f"{count} problems"
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{heading} found; nothing was published:\n{lines}")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest valid choice, or listing them all when none is close."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    return "valid choices: " + ", ".join(f'"{choice}"' for choice in choices)


def shown(path: Path) -> str:
    """A path as the web team knows it: relative to the project folder where possible, links not followed
    (a link out of data/ is named by where it is, not where it leads)."""
    return _shown(os.fspath(path), os.getcwd())


@functools.lru_cache(maxsize=4096)  # a table's every cell is checked with its place named
def _shown(path: str, folder: str) -> str:
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path(folder).resolve()))
    except ValueError:
        return path
