"""A ZIP of certificate files. Pure.

Entry names are the holder's name as written (UTF-8 names in ZIP, which current
Windows, macOS and Linux unpack readably) with the code, so two people of the same name
never overwrite each other. PDFs are stored as they are (already compressed); text files
are deflated. Every entry carries the same time, so the same files give the same archive.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

_UNSAFE = re.compile(r'[/\\:*?"<>|]+')


@dataclass(frozen=True)
class BundleEntry:
    name: str
    content: bytes


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
    names = [entry.name for entry in entries]
    if len(set(names)) != len(names):
        raise ValueError("two entries of the same name")
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=stamp)
            stored = entry.name.lower().endswith(".pdf")
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entry.content)
    return out.getvalue()
