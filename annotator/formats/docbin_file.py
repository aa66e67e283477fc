"""One ``.spacy`` file written from DocBin parts, so memory stays bounded at any number of documents.

A ``.spacy`` file is ``zlib(msgpack({"version", "attrs", "tokens", "spaces", "lengths", "strings",
"cats", "flags", "span_groups", "user_data"}))`` (``DocBin.to_bytes`` in spaCy), where ``tokens``,
``spaces`` and ``lengths`` are every document's arrays end to end and the others are one entry per
document. ``DocBin.merge`` would hold every part at once; instead each part's fields are appended to one
scratch file per field beside the output, and the file is then streamed through one compressor, field by
field. Only the set of distinct strings stays in memory (it grows with the vocabulary, not the corpus).

spaCy reads such a file whole (``DocBin.from_disk``), and msgpack caps one byte field at 4 GiB, so the
token columns of roughly 250,000 news-sized documents are the most one file can hold; beyond that the
export stops with E207 and a folder of parts is the way.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from annotator.errors import AnnotatorError, Errors
from annotator.formats.atomic_output import atomic_file, scratch_folder

if TYPE_CHECKING:
    from spacy.tokens import DocBin

ARRAYS = ("tokens", "spaces", "lengths")
PER_DOCUMENT = ("cats", "flags", "span_groups", "user_data")
MSGPACK_BIN_LIMIT = 2**32 - 1
CHUNK = 1 << 20


def write_docbin_file(parts: Iterable[DocBin], out: Path, empty: DocBin) -> None:
    """Write every DocBin of ``parts`` (each dropped once spooled) as the one file ``out``.

    ``empty`` gives the header (version, attrs); every part must share its attrs and keep user data.
    """
    with scratch_folder(out) as folder, atomic_file(out) as temporary:
        spool = _Spool(folder)
        try:
            for part in parts:
                spool.add(part)
        finally:
            spool.close()
        spool.write(temporary, empty)


class _Spool:
    """One append-only scratch file per field, plus the distinct strings and the document count."""

    def __init__(self, folder: Path) -> None:
        self.paths = {name: folder / name for name in ARRAYS + PER_DOCUMENT}
        self.files: dict[str, IO[bytes]] = {name: path.open("wb") for name, path in self.paths.items()}
        self.strings: set[str] = set()
        self.documents = 0

    def add(self, part: DocBin) -> None:
        import numpy
        import srsly

        files = self.files
        for tokens, spaces in zip(part.tokens, part.spaces, strict=True):
            files["tokens"].write(numpy.ascontiguousarray(tokens, dtype="uint64").tobytes("C"))
            files["spaces"].write(numpy.ascontiguousarray(spaces, dtype=bool).tobytes("C"))
        files["lengths"].write(numpy.asarray([len(t) for t in part.tokens], dtype="int32").tobytes("C"))
        for name in PER_DOCUMENT:
            stream = files[name]
            for entry in getattr(part, name):
                stream.write(srsly.msgpack_dumps(entry))
        self.strings.update(part.strings)
        self.documents += len(part)

    def close(self) -> None:
        for stream in self.files.values():
            stream.close()

    def write(self, path: Path, empty: DocBin) -> None:
        from srsly.msgpack import Packer

        tokens_size = self.paths["tokens"].stat().st_size
        if tokens_size > MSGPACK_BIN_LIMIT:
            raise AnnotatorError(Errors.E207, documents=self.documents, megabytes=tokens_size // 2**20)
        packer = Packer(use_bin_type=True)
        compressor = zlib.compressobj()
        with path.open("wb") as out:
            def put(data: bytes) -> None:
                out.write(compressor.compress(data))

            put(packer.pack_map_header(3 + len(ARRAYS) + len(PER_DOCUMENT)))
            put(packer.pack("version") + packer.pack(empty.version))
            put(packer.pack("attrs") + packer.pack(list(empty.attrs)))
            put(packer.pack("strings") + packer.pack(sorted(self.strings)))
            for name in ARRAYS:
                put(packer.pack(name) + b"\xc6" + struct.pack(">I", self.paths[name].stat().st_size))
                self._copy(name, put)
            for name in PER_DOCUMENT:
                put(packer.pack(name) + packer.pack_array_header(self.documents))
                self._copy(name, put)
            out.write(compressor.flush())

    def _copy(self, name: str, put: Callable[[bytes], None]) -> None:
        with self.paths[name].open("rb") as source:
            while chunk := source.read(CHUNK):
                put(chunk)
        self.paths[name].unlink()

