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
from annotator.errors import AnnotatorError, Errors
from annotator.formats.records import printable, text_hash

BINARY_PROBE = 8192
_BOM = "\ufeff"
_CRLF = re.compile("\r\n")
_CHUNK = 1 << 20
# UTF-32 first: its little-endian BOM starts with UTF-16's.
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32", "utf-32"), (codecs.BOM_UTF32_BE, "UTF-32", "utf-32"),
              (codecs.BOM_UTF16_LE, "UTF-16", "utf-16"), (codecs.BOM_UTF16_BE, "UTF-16", "utf-16"))


def read_lines(path: Path, encoding: str | None = None,
               progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The file's lines, split on ``\n`` only, decoded as :func:`read_text` does but streamed.

    Splitting happens after decoding, so it is right for any encoding; memory stays at one chunk.
    ``progress`` hears the number of bytes read after each chunk.
    """
    where, codec = printable(path), encoding or "utf-8"
    decoder = codecs.getincrementaldecoder(text_codec(codec, where))()
    consumed = newlines = 0
    pending = None
    with _open(path) as handle:
        while chunk := handle.read(_CHUNK):
            if pending is None:
                _check_head(chunk[:BINARY_PROBE], where, encoding)
            buffered = len(decoder.getstate()[0])
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = newlines + exc.object.count(b"\n", 0, exc.start) + 1
                raise _undecodable(where, codec, exc, consumed - buffered + exc.start, line) from exc
            if pending is None:
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


def read_text(path: Path, encoding: str | None = None) -> str:
    """The whole file as text, UTF-8 (BOM optional) unless ``encoding`` says otherwise.

    The first chunk is checked before the rest is read, so a large binary file is refused at once.
    """
    where, codec = printable(path), encoding or "utf-8"
    with _open(path) as handle:
        head = handle.read(BINARY_PROBE)
        _check_head(head, where, encoding)
        data = head + handle.read()
    try:
        text = data.decode(text_codec(codec, where))
    except UnicodeDecodeError as exc:
        raise _undecodable(where, codec, exc, exc.start, data.count(b"\n", 0, exc.start) + 1) from exc
    return text[1:] if text.startswith(_BOM) else text


def text_codec(encoding: str, where: str | None = None) -> str:
    """The codec's own name; unknown names and codecs that do not turn bytes into text are refused.

    ``rot13``, ``base64``, ``zlib`` and the like are codecs too, but bytes.decode cannot use them.
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError) as exc:
        raise AnnotatorError(Errors.E101, where=where, encoding=encoding) from exc
    if not info._is_text_encoding:
        raise AnnotatorError(Errors.E102, where=where, encoding=encoding)
    return info.name


def _check_head(head: bytes, where: str, encoding: str | None) -> None:
    """Refuse a file from its first bytes: binary, or (without an encoding) UTF-16 or UTF-32 text."""
    if encoding is None:
        wide = _wide_encoding(head)
        if wide is not None:
            found, codec = wide
            raise AnnotatorError(Errors.E103, where=where, found=found, codec=codec)
        if b"\x00" in head:
            raise _binary(where)
    elif "\x00" in codecs.getincrementaldecoder(text_codec(encoding, where))(errors="replace").decode(head):
        raise _binary(where)


def _wide_encoding(head: bytes) -> tuple[str, str] | None:
    """(what the file is, the codec to name) for UTF-32/UTF-16 by their BOM, or UTF-16 without one.

    UTF-16 without a BOM shows as NUL in every other byte (for text mostly in Latin script), decodes
    without error and holds no NUL character; binary data rarely does all three.
    """
    for bom, found, codec in _WIDE_BOMS:
        if head.startswith(bom):
            return f"{found} text", codec
    if b"\x00" not in head:
        return None
    for codec, nul_at in (("utf-16-le", 1), ("utf-16-be", 0)):
        nuls, others = head[nul_at::2].count(0), head[1 - nul_at::2].count(0)
        if nuls * 4 >= len(head) // 2 and others * 4 < nuls and _decodes_without_nul(head, codec):
            return "UTF-16 text without a byte order mark", codec
    return None


def _decodes_without_nul(head: bytes, codec: str) -> bool:
    try:
        return "\x00" not in codecs.getincrementaldecoder(codec)().decode(head)
    except UnicodeDecodeError:
        return False


def _undecodable(where: str, codec: str, exc: UnicodeDecodeError, position: int, line: int) -> AnnotatorError:
    return AnnotatorError(Errors.E104, where=where, codec=codec, position=position, line=line,
                          byte=exc.object[exc.start])


def _binary(where: str) -> AnnotatorError:
    return AnnotatorError(Errors.E105, where=where)


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise AnnotatorError(Errors.E106, where=printable(path), reason=exc.strerror) from exc


def source_meta(path: Path, root: Path) -> dict[str, str]:
    """Where a file-based document came from: its path below the import root, and its file name."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    return {"source": printable(relative.as_posix()), "file": printable(path.name)}


def read_text_document(path: Path, root: Path, encoding: str | None = None) -> Annotated:
    """One plain-text file is one document titled by its file name."""
    text = read_text(path, encoding)
    return Annotated(Document(text, title=printable(path.stem), meta=source_meta(path, root),
                              sha256=text_hash(text)))


def normalize_newlines(text: str) -> tuple[str, Callable[[int], int]]:
    """CRLF and lone CR become LF; also returns how old positions map into the new text."""
    if "\r" not in text:
        return text, lambda position: position
    removed = [match.start() for match in _CRLF.finditer(text)]
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    return normalized, lambda position: position - bisect.bisect_left(removed, position)
