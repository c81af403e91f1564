"""A Table sent as a CSV or XLSX file: one place for the file name, type and caching."""

from __future__ import annotations

import re

from werkzeug.wrappers import Response

from qualify.core.tables import CSV_MIMETYPE, XLSX_MIMETYPE, Table, csv_bytes, xlsx_bytes

FORMATS = "any(csv, xlsx)"  # a URL converter for the endpoints that offer both
SPELT_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def download(table: Table, fmt: str, name: str) -> Response:
    """The table as an attachment named after what it holds; never cached, since most
    tables name people."""
    if fmt == "csv":
        body, mimetype = csv_bytes(table), CSV_MIMETYPE
    else:
        body, mimetype = xlsx_bytes(table), XLSX_MIMETYPE
    response = Response(body, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(name)}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def file_name(name: str) -> str:
    """An ASCII file name from a group's name (umlauts spelt out, the rest dropped)."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", name.translate(SPELT_OUT)).strip("-")
    return cleaned[:80] or "export"
