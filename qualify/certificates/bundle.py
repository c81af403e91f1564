"""A ZIP of certificate files, whole or streamed entry by entry. Pure.

Entry names are the holder's name as written (UTF-8 names in ZIP, which current
Windows, macOS and Linux unpack readably) with the code, so two people of the same name
never overwrite each other. PDFs are stored as they are (already compressed); text files
are deflated. Every entry carries the same time, so the same files give the same archive.

Streamed, an entry leaves as soon as zipfile has written it: zipfile goes back only to
fill in the sizes and CRC of the entry it has just written, so a window over the entry not
yet sent is all it needs to seek in. The archive is byte for byte the one made in memory,
with complete local headers (no data descriptors, which some streaming unzip tools reject
for stored entries). An entry's content may be a function that makes it when the archive
reaches it, so a streamed archive holds one file at a time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

_UNSAFE = re.compile(r'[/\\:*?"<>|]+')


@dataclass(frozen=True)
class BundleEntry:
    name: str
    content: bytes | Callable[[], bytes]  # the bytes, or what makes them when needed

    def data(self) -> bytes:
        return self.content if isinstance(self.content, bytes) else self.content()


def entry_name(holder_name: str, code: str, suffix: str) -> str:
    """`Amal Haddad ABCD-EFGH-….pdf`: the name without path, control or bidi characters,
    and not starting like a spreadsheet formula, so the list's file column shows it as is."""
    visible = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in holder_name
    )
    cleaned = " ".join(_UNSAFE.sub(" ", visible).split()).lstrip("=+-@ .").rstrip(" .")[:80]
    return f"{cleaned} {code}{suffix}" if cleaned else f"{code}{suffix}"


def zip_archive(entries: Sequence[BundleEntry], when: dt.datetime) -> bytes:
    """The entries in one ZIP, in the given order; names must be unique."""
    return b"".join(zip_stream(entries, when))


def zip_stream(entries: Sequence[BundleEntry], when: dt.datetime) -> Iterator[bytes]:
    """The ZIP in pieces: each entry's bytes as soon as it is made, then the directory.

    The names are checked here, before the first piece, so a caller can still answer with
    an error instead of a broken download. An entry whose content raises ends the stream
    without a directory: what arrived is no valid archive, not a silently shorter one.
    """
    names = [entry.name for entry in entries]
    if len(set(names)) != len(names):
        raise ValueError("two entries of the same name")
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    return _pieces(entries, stamp)


def _pieces(entries: Sequence[BundleEntry], stamp: tuple[int, ...]) -> Iterator[bytes]:
    window = _Window()
    archive = zipfile.ZipFile(window, "w")
    for entry in entries:
        info = zipfile.ZipInfo(entry.name, date_time=stamp)
        stored = entry.name.lower().endswith(".pdf")
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, entry.data())
        yield window.take()
    archive.close()  # the central directory
    yield window.take()


class _Window:
    """The file zipfile writes to: the bytes not yet taken, at their place in the archive.
    Seeking back into bytes already taken (sent) raises, so a zipfile that ever needed to
    would fail loudly instead of sending a broken archive."""

    def __init__(self) -> None:
        self._sent = 0  # where the buffer starts in the archive
        self._buffer = io.BytesIO()

    def tell(self) -> int:
        return self._sent + self._buffer.tell()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence != io.SEEK_SET or offset < self._sent:
            raise io.UnsupportedOperation("that part of the archive is sent already")
        return self._sent + self._buffer.seek(offset - self._sent)

    def write(self, data: bytes) -> int:
        return self._buffer.write(data)

    def flush(self) -> None:
        """Nothing to do: the bytes leave when taken."""

    def take(self) -> bytes:
        """Everything written since the last take (zipfile is then at its end)."""
        data = self._buffer.getvalue()
        self._sent += len(data)
        self._buffer = io.BytesIO()
        return data
