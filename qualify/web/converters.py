"""URL converters: database ids in URLs stay within what the database can hold."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from qualify.core.orm import MAX_ID


class IdConverter(IntegerConverter):
    """`<id:attempt_id>`: a positive id; anything larger than a column holds is a 404."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002, ANN001, ANN002, ANN003
        super().__init__(map, min=1, max=MAX_ID)
