"""The JSON-LD contexts a badge names, shipped in contexts/ and never fetched. Pure."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_CONTEXT = (VC_V2, OB_V3)
"""A badge's @context, in this order: the VC Data Model 2.0 first, then Open Badges 3.0."""

FOLDER = Path(__file__).parent / "contexts"
FILES = {VC_V2: "credentials-v2.jsonld", OB_V3: "ob-context-3.0.3.json"}


class UnknownContext(LookupError):
    """A context URL that is not shipped: JSON-LD processing would have to fetch it."""


@cache
def context_document(url: str) -> dict[str, Any]:
    """The shipped context document for `url` (raises UnknownContext for any other)."""
    name = FILES.get(url)
    if name is None:
        raise UnknownContext(url)
    return json.loads((FOLDER / name).read_text(encoding="utf-8"))


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A JSON-LD document loader (PyLD's interface) that answers only from contexts/."""
    return {"contextUrl": None, "documentUrl": url, "document": context_document(url)}
