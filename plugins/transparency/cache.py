"""One folder of files kept between builds by content, each checked when read: a speed-up, never a source."""

import contextlib
import hashlib
import json
import logging
import os
import struct
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from xml.parsers import expat

log = logging.getLogger(__name__)
T = TypeVar("T")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Cache:
    """Files in one folder, each named by a hash of what it was made from (or, for the few that are not,
    holding its own hash), so a file found is exactly what making it again would give.

    Every read is checked (a build stopped half-way, a full disk or a person editing the folder can leave
    anything there): a file that fails its check is deleted and made again. Writing never fails a build:
    a folder that cannot be written only costs the next build its speed, with one warning.
    """

    def __init__(self, folder: Path | str | None) -> None:
        self.folder = Path(folder) if folder else None
        self._warned = False

    def has(self, name: str) -> bool:
        """Whether the entry is there (not whether it is whole: reading it checks that)."""
        return self.folder is not None and (self.folder / name).is_file()

    def read(self, name: str, check: Callable[[bytes], bool] = lambda data: True) -> bytes | None:
        """The entry's bytes; None when absent, unreadable or failing check(), as if never written."""
        return self.parse(name, lambda data: data if check(data) else None)

    def parse(self, name: str, parse: Callable[[bytes], T | None]) -> T | None:
        """The entry as parse() reads it; None when absent, unreadable, or when parse() returns None or raises
        ValueError (the entry is then deleted). Lets a caller that needs the parsed value parse only once."""
        if self.folder is None:
            return None
        path = self.folder / name
        try:
            data = path.read_bytes()
        except OSError:  # absent, a folder, unreadable: made again
            return None
        try:
            value = parse(data)
        except ValueError:  # includes UnicodeDecodeError and json's errors
            value = None
        if value is None:
            log.debug("Ignoring the damaged cache entry %s", path)
            with contextlib.suppress(OSError):
                path.unlink()
        return value

    def write(self, name: str, data: bytes) -> None:
        """Keep the entry; any OSError (read-only or missing folder, a file in its place, a full disk) is only
        warned about once, since the entry is a speed-up."""
        if self.folder is None:
            return
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Write then rename: a build stopped half-way, or one running beside it, never sees half a file.
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".part")
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, self.folder / name)
        except OSError as error:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            if not self._warned:
                self._warned = True
                log.warning(
                    "Cannot keep built files in %s (%s): the next build makes them again", self.folder, error
                )


def code_digests(*modules: str) -> list[str]:
    """The SHA-256 of each of these modules of the plugin: part of the key of every entry their code
    decides, so that editing one never serves an entry made by its old code."""
    return [hashlib.sha256((Path(__file__).parent / name).read_bytes()).hexdigest() for name in modules]


def led_by_hash(text: str) -> bytes:
    """An entry that is its own check: the text's SHA-256, a newline, the text (see checked_text)."""
    return f"{text_sha256(text)}\n{text}".encode("utf-8", "surrogateescape")


def checked_text(entry: bytes) -> str | None:
    """The text of an entry made by led_by_hash; None if it was damaged (its text changed, its hash not)."""
    digest, _, text = entry.decode("utf-8").partition("\n")
    return text if text_sha256(text) == digest else None


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def is_svg(data: bytes) -> bool:
    """Whether data is a whole SVG: an <svg> root (as vl-convert writes it, first) and well-formed XML, so
    that a truncated or emptied file fails. Parsed by expat without building a tree: 0.13 ms, not 0.6."""
    if not data.startswith((b"<svg ", b"<svg>")):
        return False
    try:
        expat.ParserCreate().Parse(data, True)
    except expat.ExpatError:
        return False
    return True


def is_png(data: bytes) -> bool:
    """Whether data is a whole PNG: its signature, then chunks whose lengths add up and whose CRCs match,
    IHDR first and IEND last. A truncated or altered file fails; pixels are not decoded."""
    if not data.startswith(PNG_SIGNATURE):
        return False
    position, kinds = len(PNG_SIGNATURE), []
    while position + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, position)
        end = position + 12 + length
        if end > len(data):
            return False
        kind_and_body = data[position + 4 : end - 4]
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(kind_and_body) != crc:
            return False
        kinds.append(kind_and_body[:4])
        position = end
    return position == len(data) and len(kinds) >= 2 and kinds[0] == b"IHDR" and kinds[-1] == b"IEND"


def json_object(data: bytes) -> dict | None:
    """The JSON object data holds; None for anything else (ValueError if it is not JSON)."""
    value = json.loads(data)
    return value if isinstance(value, dict) else None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_sha256(data: bytes) -> bool:
    """Whether data is a sha256 in hex, as kept beside an entry that holds no hash in its name."""
    return len(data) == 64 and all(c in b"0123456789abcdef" for c in data)
