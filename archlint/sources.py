"""Reading design files as text: UTF-8 (with or without a BOM), any line ending.

A file that cannot be read at all is a `SourceUnreadable` (the CLI exits 2); bytes that are
not UTF-8 are a `SourceUndecodable` with the line and column of the first bad byte, so it can
be reported like any other problem in the file.
"""

from __future__ import annotations

import os


class SourceUnreadable(OSError):
    pass


class SourceUndecodable(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        before = normalize_newlines(before)
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise SourceUndecodable(
            f"invalid UTF-8: byte 0x{data[error.start]:02x} cannot start or continue a character", line, column
        ) from None
    return normalize_newlines(text)


def read_source(path: str) -> str:
    """The text of a design file, or an exception whose message is for a person."""
    if os.path.isdir(path):
        raise SourceUnreadable(f"{path}: is a directory")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise SourceUnreadable(f"{path}: no such file") from None
    except PermissionError:
        raise SourceUnreadable(f"{path}: permission denied") from None
    except OSError as error:
        raise SourceUnreadable(f"{path}: {error.strerror or error}") from None
    return decode(data)
