"""Reading design files as text: UTF-8 (with or without a BOM), any line ending.

A file that cannot be read at all is a `SourceUnreadable` (the CLI exits 2); bytes that are
not UTF-8 are a `SourceUndecodable` with the line and column of the first bad byte, so it can
be reported like any other problem in the file.
"""

from __future__ import annotations

import os
import stat


class SourceUnreadable(OSError):
    reason: str = ""

    @classmethod
    def because(cls, path: str, reason: str) -> "SourceUnreadable":
        error = cls(f"{path}: {reason}")
        error.reason = reason
        return error


class SourceUndecodable(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


BOM = b"\xef\xbb\xbf"


def decode(data: bytes) -> str:
    if data.startswith(BOM):
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


# The largest file archlint reads: far above any design (a 100,000-component design is ~10 MB),
# far below what would exhaust memory. `/dev/zero` named as a design stops here.
MAX_BYTES = 64 * 1024 * 1024


def read_bytes(path: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, for every file archlint reads (designs, includes, Markdown,
    configuration, baselines, drawings to compare). A FIFO, a device or a socket is refused
    before it is read (opened without blocking: a FIFO with no writer would wait forever), and
    so is a file over `limit` bytes. `SourceUnreadable` carries the reason for a person, alone
    in `.reason` and after the path in the message."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise SourceUnreadable.because(path, "no such file") from None
    except IsADirectoryError:
        raise SourceUnreadable.because(path, "is a directory") from None
    except PermissionError:
        raise SourceUnreadable.because(path, "permission denied") from None
    except ValueError:
        raise SourceUnreadable.because(path, "a path cannot hold a NUL character") from None
    except OSError as error:
        raise SourceUnreadable.because(path, error.strerror or str(error)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SourceUnreadable.because(path, "is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise SourceUnreadable.because(path, f"is not a regular file (a {_kind(info.st_mode)}); "
                                                 "archlint reads only regular files")
        if info.st_size > limit:
            raise SourceUnreadable.because(path, f"is larger than the {limit // (1024 * 1024)} MB archlint reads")
        chunks, size = [], 0
        while True:  # a large file in one read (one chunk joins without a copy), then up to 1 MiB a read
            chunk = os.read(fd, max(info.st_size + 1 - size, 1 << 20))
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # grew while read
                raise SourceUnreadable.because(path, f"is larger than the {limit // (1024 * 1024)} MB archlint reads")
            chunks.append(chunk)
        return b"".join(chunks)
    except SourceUnreadable:
        raise
    except OSError as error:
        raise SourceUnreadable.because(path, error.strerror or str(error)) from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def read_source(path: str) -> str:
    """The text of a design file, or an exception whose message is for a person."""
    return decode(read_bytes(path))
