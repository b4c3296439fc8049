"""The patterns of a page set: titles with {column} placeholders filled from each page's rows, and values
made into addresses."""

import re
import unicodedata

from .errors import Problem, did_you_mean
from .model import Row

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def slug(text: str) -> str:
    """A value as one segment of an address: "Older People’s Team" gives "older-peoples-team"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")


def check_pattern(where: str, pattern: str, allowed: list[str], problems: list[Problem]) -> bool:
    """Placeholders name a column with one value on each page, e.g. "{service}"."""
    wrong = [name for name in PLACEHOLDER.findall(pattern) if name not in allowed]
    for name in wrong:
        problems.append(
            Problem(
                where,
                f'has the placeholder "{{{name}}}", which is not a column with one value on each page',
                "one of " + ", ".join(f'"{{{n}}}"' for n in allowed),
                did_you_mean(name, allowed),
            )
        )
    return not wrong


def fill(pattern: str, row: Row) -> str:
    return " ".join(PLACEHOLDER.sub(lambda m: str(row[m[1]]), pattern).split())
