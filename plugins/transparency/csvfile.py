"""Read a CSV table of data/ as the web team saved it, reporting what a spreadsheet hides by line."""

import csv
import io
from pathlib import Path

from .errors import Problem, shown
from .text import SAVE_AS_UTF8, check_text, decode, read_bytes

# Longer cells are not figures or labels but something pasted by mistake (Python's csv module stops at
# 131,072 characters with an error that names no line).
MAX_CELL_LENGTH = 10_000
SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def read_table(
    path: Path, problems: list[Problem], expected: str = ""
) -> tuple[list[list[str]], list[int]] | None:
    """The CSV's rows (header first) with each row's line number, tidied as the web team would expect:
    a byte-order mark, spaces around cells and blank lines are ignored, not reported."""
    content = read_bytes(path, problems, expected)
    text = None if content is None else decode(path, content, problems)
    if text is None:
        return None
    rows, lines = [], []
    # strict: a quote opened and never closed is an error where it began, not one cell swallowing the rest.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last_line = 0
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            if any(cells):
                rows.append(cells)
                lines.append(last_line + 1)
            last_line = reader.line_num
    except csv.Error as error:
        problems.append(csv_problem(path, last_line + 1, error))
        return None
    found = len(problems)
    if rows:
        check_separator(path, rows[0], problems)
    if rows and len(problems) == found:
        check_cells(path, rows, lines, problems)
    return (rows, lines) if len(problems) == found else None


def csv_problem(path: Path, line: int, error: csv.Error) -> Problem:
    where = f"{shown(path)}, line {line}"
    quoting = 'a quoted cell to end with a quote, and "" for a quote inside a quoted cell'
    if "field larger than field limit" in str(error):
        return too_long(where, "has a cell")
    if "unexpected end of data" in str(error):
        return Problem(
            where,
            'opens a quote (") that is never closed, so the rest of the file would be one cell',
            quoting,
        )
    if "expected after" in str(error):
        return Problem(where, 'has text after the closing quote (") of a cell', quoting)
    return Problem(where, f"is not valid CSV: {error}")


def too_long(where: str, what: str = "is") -> Problem:
    return Problem(
        where, f"{what} longer than {MAX_CELL_LENGTH:,} characters", "a figure or a short text in each cell"
    )


def check_separator(path: Path, header: list[str], problems: list[Problem]) -> None:
    """A table saved with another separator (Excel does so in some countries) has one long header cell."""
    if len(header) != 1:
        return
    for separator, name in SEPARATORS.items():
        if separator in header[0]:
            problems.append(
                Problem(
                    f"{shown(path)}, header row",
                    f"separates its columns with {name}",
                    "columns separated by commas",
                    SAVE_AS_UTF8,
                )
            )
            return


def check_cells(path: Path, rows: list[list[str]], lines: list[int], problems: list[Problem]) -> None:
    header = rows[0]
    for cells, line in zip(rows, lines, strict=True):
        for position, cell in enumerate(cells):
            if line == lines[0]:
                where = f"{shown(path)}, header row, column {position + 1}"
            else:
                column = header[position] if position < len(header) else str(position + 1)
                where = f'{shown(path)}, row {line}, column "{column}"'
            if len(cell) > MAX_CELL_LENGTH:
                problems.append(too_long(where))
                continue
            check_text(where, cell, problems)
