"""A Table sent as a CSV or XLSX file: one place for the file name, type and caching."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from werkzeug.wrappers import Response

from qualify.core.tables import CSV_MIMETYPE, XLSX_MIMETYPE, Table, csv_bytes, xlsx_bytes

FORMATS = "any(csv, xlsx)"  # a URL converter for the endpoints that offer both
SPELT_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
    | {"đ": "d", "Đ": "D"}  # Vietnamese: a letter of its own, not an accented d
)


def download(table: Table, fmt: str, name: str) -> Response:
    """The table as an attachment named after what it holds; never cached, since most
    tables name people."""
    if fmt == "csv":
        body, mimetype = csv_bytes(table), CSV_MIMETYPE
    else:
        body, mimetype = xlsx_bytes(table), XLSX_MIMETYPE
    response = Response(body, content_type=mimetype)
    response.headers["Content-Disposition"] = content_disposition(name, fmt)
    response.headers["Cache-Control"] = "no-store"
    return response


def content_disposition(name: str, fmt: str) -> str:
    """An attachment with an ASCII name for old clients and the name in its own script
    (RFC 6266 / 5987 `filename*`: Cyrillic, Arabic or Vietnamese words stay readable)."""
    readable = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "-", name).strip(" -.")[:80]
    plain = f"{file_name(name)}.{fmt}"
    if readable.isascii():
        return f'attachment; filename="{plain}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(f'{readable}.{fmt}')}"


def file_name(name: str) -> str:
    """An ASCII file name from a group's name (umlauts spelt out, other accents dropped
    from their letters, the rest dropped)."""
    letters = unicodedata.normalize("NFKD", name.translate(SPELT_OUT))
    ascii_only = letters.encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_only).strip("-")
    return cleaned[:80] or "export"
