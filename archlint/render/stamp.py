"""Stamps: what lets `--check` tell whether a drawing is up to date without drawing it again.

A rendered file carries the SHA-256 of the DOT it was laid out from. The DOT holds everything
archlint decides (the design, the findings, the direction, the engine), so equal stamps mean
the same picture, whatever Graphviz version or backend drew it, and `--check` needs no layout
engine at all. DOT files need no stamp: they are compared byte for byte.

- SVG: an XML comment before `<svg`.
- PNG: a `tEXt` chunk after `IHDR`.
- PDF: a comment line just before the final `startxref`, where it moves no byte offset that
  the cross-reference table records.

`normalise` also removes what Graphviz's output would otherwise vary by: the creation date
cairo writes into a PDF, replaced in place by a fixed one of the same length.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib

KEYWORD = "archlint"
_TEXT = "archlint render stamp {}"
_FOUND = re.compile(rb"archlint render stamp ([0-9a-f]{64})")
_SVG_START = re.compile(rb"^<svg[\s>]", re.M)  # the root element, at the start of its line
_PNG = b"\x89PNG\r\n\x1a\n"
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)([0-9]{4,14})")
_EPOCH = b"19700101000000"


def of(dot: str) -> str:
    return hashlib.sha256(dot.encode("utf-8")).hexdigest()


def embed(data: bytes, fmt: str, stamp: str) -> bytes:
    text = _TEXT.format(stamp)
    if fmt == "svg":
        start = _SVG_START.search(data)
        if start is None:
            raise ValueError("not an SVG drawing")
        return data[: start.start()] + f"<!-- {text} -->\n".encode("ascii") + data[start.start() :]
    if fmt == "png":
        if not data.startswith(_PNG):
            raise ValueError("not a PNG image")
        (length,) = struct.unpack(">I", data[8:12])
        end = 8 + 12 + length  # signature, then IHDR: length, type, data, crc
        body = b"tEXt" + KEYWORD.encode("ascii") + b"\0" + text.encode("ascii")
        chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
        return data[:end] + chunk + data[end:]
    if fmt == "pdf":
        at = data.rfind(b"startxref")
        if at < 0:
            raise ValueError("not a PDF document")
        return data[:at] + f"%{text}\n".encode("ascii") + data[at:]
    raise ValueError(f"no stamp for {fmt}")


def read(data: bytes, fmt: str) -> str | None:
    """The stamp a drawing carries, or None."""
    if fmt == "svg":
        start = _SVG_START.search(data)
        found = _FOUND.search(data, 0, start.start()) if start else None
    elif fmt == "png":
        found = _FOUND.search(_png_text(data))
    elif fmt == "pdf":
        found = _FOUND.search(data[-1024:])
    else:
        found = None
    return found.group(1).decode("ascii") if found else None


def _png_text(data: bytes) -> bytes:
    if not data.startswith(_PNG):
        return b""
    at, texts = 8, []
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"IDAT":
            break
        if kind == b"tEXt":
            texts.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    return b"\n".join(texts)


def normalise(data: bytes, fmt: str) -> bytes:
    if fmt == "pdf":
        return _PDF_DATE.sub(lambda m: m.group(1) + _EPOCH[: len(m.group(2))], data)
    return data
