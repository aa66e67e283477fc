"""Turning file bytes into document text without changing a single character.

Offsets in every format count code points of the text exactly as the file holds it, so decoding must not
translate newlines or drop anything but a leading UTF-8 byte order mark. Files are read as bytes for that
reason. Newline normalisation exists only as an explicit opt-in, and then moves offsets along with it.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from annotator.core.model import Annotated, Document
from annotator.errors import AnnotatorError
from annotator.formats.records import text_hash

BINARY_PROBE = 8192
_BOM = "\ufeff"
_CRLF = re.compile("\r\n")
_CHUNK = 1 << 20


def decode_bytes(data: bytes, where: str, encoding: str | None = None) -> str:
    """UTF-8 (BOM optional) unless ``encoding`` says otherwise; refuse binary and undecodable input."""
    if encoding is None and b"\x00" in data[:BINARY_PROBE]:
        raise _binary(where)
    codec = encoding or "utf-8"
    try:
        text = data.decode(_known(codec))
    except UnicodeDecodeError as exc:
        raise _undecodable(where, codec, exc, exc.start, data.count(b"\n", 0, exc.start) + 1) from exc
    if encoding is not None and "\x00" in text[:BINARY_PROBE]:
        raise _binary(where)
    return text[1:] if text.startswith(_BOM) else text


def read_lines(path: Path, encoding: str | None = None,
               progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The file's lines, split on ``\n`` only, decoded as :func:`decode_bytes` does but streamed.

    Splitting happens after decoding, so it is right for any encoding; memory stays at one chunk.
    ``progress`` hears the number of bytes read after each chunk.
    """
    where, codec = str(path), encoding or "utf-8"
    decoder = codecs.getincrementaldecoder(_known(codec))()
    consumed = newlines = 0
    pending = None
    with _open(path) as handle:
        while chunk := handle.read(_CHUNK):
            if pending is None and encoding is None and b"\x00" in chunk[:BINARY_PROBE]:
                raise _binary(where)
            buffered = len(decoder.getstate()[0])
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = newlines + exc.object.count(b"\n", 0, exc.start) + 1
                raise _undecodable(where, codec, exc, consumed - buffered + exc.start, line) from exc
            if pending is None:
                if encoding is not None and "\x00" in text[:BINARY_PROBE]:
                    raise _binary(where)
                pending, text = "", text[1:] if text.startswith(_BOM) else text
            consumed += len(chunk)
            newlines += chunk.count(b"\n")
            *complete, pending = (pending + text).split("\n")
            yield from complete
            if progress:
                progress(consumed)
        try:
            rest = decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            position = consumed - len(exc.object) + exc.start
            raise _undecodable(where, codec, exc, position, newlines + 1) from exc
    yield (pending or "") + rest


def _known(codec: str) -> str:
    try:
        return codecs.lookup(codec).name
    except LookupError as exc:
        raise AnnotatorError(f"unknown text encoding {codec!r}",
                             hint="use a Python codec name such as utf-8, latin-1 or cp1252") from exc


def _undecodable(where: str, codec: str, exc: UnicodeDecodeError, position: int, line: int) -> AnnotatorError:
    return AnnotatorError(
        f"not valid {codec} text at byte {position} (line {line}): "
        f"byte 0x{exc.object[exc.start]:02x} cannot start or continue a character",
        where=where,
        hint="if the file uses another encoding, pass it with --encoding (e.g. --encoding latin-1)",
    )


def _binary(where: str) -> AnnotatorError:
    return AnnotatorError(
        "this looks like a binary file (it contains NUL bytes), not text",
        where=where,
        hint="import plain text (.txt), JSONL (.jsonl) or brat (.txt + .ann) files",
    )


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise AnnotatorError(f"cannot read the file: {exc.strerror}", where=str(path)) from exc


def read_text(path: Path, encoding: str | None = None) -> str:
    with _open(path) as handle:
        data = handle.read()
    return decode_bytes(data, str(path), encoding)


def source_meta(path: Path, root: Path) -> dict[str, str]:
    """Where a file-based document came from: its path below the import root, and its file name."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    return {"source": relative.as_posix(), "file": path.name}


def read_text_document(path: Path, root: Path, encoding: str | None = None) -> Annotated:
    """One plain-text file is one document titled by its file name."""
    text = read_text(path, encoding)
    return Annotated(Document(text, title=path.stem, meta=source_meta(path, root), sha256=text_hash(text)))


def normalize_newlines(text: str) -> tuple[str, Callable[[int], int]]:
    """CRLF and lone CR become LF; also returns how old positions map into the new text."""
    if "\r" not in text:
        return text, lambda position: position
    removed = [match.start() for match in _CRLF.finditer(text)]
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    return normalized, lambda position: position - bisect.bisect_left(removed, position)
