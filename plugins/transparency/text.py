"""Rules for the text the web team types or pastes: encodings, invisible characters, ids and limits."""

import re
import unicodedata
from pathlib import Path

from .errors import Problem, shown

SAVE_AS_UTF8 = 'in Excel, save it again choosing "CSV UTF-8 (Comma delimited)" as the type'

# Ids name files and addresses (charts/<id>/, data/<name>.csv): lower-case words joined by hyphens, so no
# id can climb out of its folder, need escaping in a URL or XML, or differ from another only by case.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_RULE = "lower-case letters a-z, digits 0-9 and single hyphens between them, such as caseload-2024-25"
MAX_ID_LENGTH = 80

# Characters that change how text reads without showing themselves: right-to-left overrides can make
# 18.4 read as "4.81", and zero-width characters make two equal-looking names differ. Refused, not
# removed: the web team fixes the source, and the site never publishes text it changed silently.
INVISIBLE = {
    "\u061c": "ARABIC LETTER MARK",
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2060": "WORD JOINER",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
}
# Control characters (a vertical tab pasted from Word, a NUL) other than tab and line breaks, and the
# invisible characters above: one pattern, so clean text costs one search.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(INVISIBLE) + "]|\r(?!\n)")


def unsafe_character(text: str) -> tuple[str, str] | None:
    """(what is wrong, the fix) for the first character of `text` that must not be published, else None."""
    found = UNSAFE.search(text)
    if found is None:
        return None
    character = found[0][0]
    code = f"U+{ord(character):04X}"
    if character in INVISIBLE:
        return (
            f"contains the invisible character {code} ({INVISIBLE[character]}), which can change how the "
            "text reads",
            "delete it: it often comes with text pasted from a web page or another program",
        )
    name = CONTROL_NAMES.get(character) or unicodedata.name(character, "a control character")
    return (
        f"contains the control character {code} ({name})",
        "delete it: text pasted from Word or a PDF often brings one; only tabs and line breaks are allowed",
    )


CONTROL_NAMES = {
    "\x00": "NUL",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN without a line feed",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}


def check_text(where: str, text: str, problems: list[Problem]) -> None:
    found = unsafe_character(text)
    if found:
        problems.append(Problem(where, found[0], "plain text", found[1]))


def check_id(where: str, key: str, value: object, problems: list[Problem]) -> bool:
    """An id or name must be a slug (see SLUG) of at most MAX_ID_LENGTH characters."""
    text = str(value)
    if isinstance(value, str) and SLUG.fullmatch(text) and len(text) <= MAX_ID_LENGTH:
        return True
    suggestion = "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:MAX_ID_LENGTH]
    problems.append(
        Problem(
            f'{where}, "{key}"',
            f'"{text}" cannot be used as an id',
            f"at most {MAX_ID_LENGTH} {SLUG_RULE}",
            f'did you mean "{suggestion}"?' if suggestion and suggestion != text else "",
        )
    )
    return False


def decode(path: Path, content: bytes, problems: list[Problem]) -> str | None:
    """The file's text (UTF-8, with or without a byte-order mark), or a problem saying what the file
    really is: a spreadsheet saved under a .csv name, UTF-16, or Excel's Windows-1252 "CSV"."""
    kind = binary_kind(content)
    if kind:
        problems.append(Problem(shown(path), f"is {kind}, not a text file", "a UTF-8 CSV file", SAVE_AS_UTF8))
        return None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(not_utf8(path, error))
        return None


def binary_kind(content: bytes) -> str:
    """What a file that is not text is, by its first bytes, or "" for text."""
    if content.startswith(b"PK\x03\x04"):
        return "an Excel workbook (.xlsx) or another zip file"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel workbook (.xls)"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(content) > 1 and b"\x00" in content[:2]):
        return 'UTF-16 text (Excel\'s "Unicode Text")'
    return ""


def not_utf8(path: Path, error: UnicodeDecodeError) -> Problem:
    """Name the line and the byte that is not UTF-8, and what it would be in Excel's usual encoding."""
    line = error.object[: error.start].count(b"\n") + 1
    byte = error.object[error.start : error.start + 1]
    as_windows = byte.decode("cp1252", errors="replace")
    return Problem(
        f"{shown(path)}, line {line}",
        f'is not UTF-8 text: its byte 0x{byte.hex()} is "{as_windows}" in Windows-1252, '
        'the encoding Excel uses for plain "CSV"',
        "a file saved as UTF-8",
        SAVE_AS_UTF8,
    )


def inside(folder: Path, path: Path) -> bool:
    """Whether path, links followed, lies in folder: a data file may not be read from anywhere else."""
    return path.resolve().is_relative_to(folder.resolve())


def read_bytes(path: Path, problems: list[Problem], expected: str = "") -> bytes | None:
    """The file's bytes, or a problem saying why not: missing, a folder, or unreadable."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(shown(path), "file not found", expected))
    except IsADirectoryError:
        problems.append(Problem(shown(path), "is a folder, not a file", expected))
    except OSError as error:
        problems.append(Problem(shown(path), f"cannot be read: {error.strerror or error}", expected))
    return None
