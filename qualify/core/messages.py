"""Messages written in pure code and shown later in the reader's language. Pure.

The content parsers, the GIFT importer and the command line report problems long before
anyone knows who reads them: a trainer in the browser (their interface language) or an
operator at a terminal (the shell's language). A `Message` is the English text, so logs,
tests and `str()` read as before, that also remembers its msgid and parameters; `translate`
renders it again in any catalog's language. `pybabel extract -k Message` collects the msgids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Gettext = Callable[[str], str]


class Message(str):
    """English text that can be rendered again in another language.

    A `str` subclass so that every caller that compares, sorts or searches problem texts
    keeps working; parameters may themselves be Messages (a detail inside a sentence).
    """

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, /, **params: Any) -> Message:
        text = super().__new__(cls, msgid % params if params else msgid)
        text.msgid = msgid
        text.params = params
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.msgid, self.params))


def _rebuild(msgid: str, params: dict[str, Any]) -> Message:
    return Message(msgid, **params)


def translate(text: Any, gettext: Gettext) -> str:
    """`text` in the language of `gettext`; plain strings (not Messages) stay as they are."""
    if not isinstance(text, Message):
        return str(text)
    translated = gettext(text.msgid)
    if not text.params:
        return translated
    params = {name: _param(value, gettext) for name, value in text.params.items()}
    try:
        return translated % params
    except (KeyError, TypeError, ValueError):
        # A broken translation must not hide the problem it reports: fall back to English.
        return text.msgid % params


def _param(value: Any, gettext: Gettext) -> Any:
    return translate(value, gettext) if isinstance(value, Message) else value
