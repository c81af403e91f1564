"""Messages of pure code: English as written, any language when shown."""

from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st

from qualify.core.contentfile import Problem
from qualify.core.locales import command_line_locale
from qualify.core.messages import Message, translate

GERMAN = {
    "%(key)r must be text": "%(key)r muss ein Text sein",
    "invalid YAML: %(detail)s": "ungültiges YAML: %(detail)s",
    "%(problem)s (%(context)s that starts on this line)": "%(problem)s (%(context)s ab hier)",
    "error": "Fehler",
}


def german(msgid: str) -> str:
    return GERMAN.get(msgid, msgid)


def test_a_message_reads_as_its_english_text() -> None:
    message = Message("%(key)r must be text", key="title")
    assert message == "'title' must be text"
    assert "must be text" in message
    assert str(message) == "'title' must be text"


def test_a_message_is_shown_in_the_readers_language_with_its_parameters() -> None:
    assert translate(Message("%(key)r must be text", key="title"), german) == (
        "'title' muss ein Text sein"
    )


def test_a_message_inside_a_message_is_translated_too() -> None:
    inner = Message("%(problem)s (%(context)s that starts on this line)", problem="x", context="y")
    outer = Message("invalid YAML: %(detail)s", detail=inner)
    assert translate(outer, german) == "ungültiges YAML: x (y ab hier)"


def test_plain_text_and_unknown_messages_stay_as_they_are() -> None:
    assert translate("found by ruamel", german) == "found by ruamel"
    assert translate(Message("no translation for %(n)d", n=3), german) == "no translation for 3"


def test_a_broken_translation_falls_back_to_english() -> None:
    def broken(msgid: str) -> str:
        return "%(nicht_da)s kaputt"

    assert translate(Message("%(key)r must be text", key="id"), broken) == "'id' must be text"


def test_a_problem_line_is_translated_whole() -> None:
    problem = Problem("kurs/course.yaml", 3, Message("%(key)r must be text", key="title"))
    assert str(problem) == "kurs/course.yaml:3: error: 'title' must be text"
    assert problem.localized(german) == "kurs/course.yaml:3: Fehler: 'title' muss ein Text sein"


def test_messages_survive_copying_with_their_parameters() -> None:
    message = copy.deepcopy(Message("%(key)r must be text", key="id"))
    assert translate(message, german) == "'id' muss ein Text sein"


@given(st.text(alphabet=st.characters(blacklist_characters="%")), st.integers())
def test_english_rendering_is_the_msgid_filled_in(text: str, number: int) -> None:
    message = Message("%(text)s has %(number)d", text=text, number=number)
    assert message == f"{text} has {number}"
    assert translate(message, lambda msgid: msgid) == message


def test_the_command_line_speaks_the_shells_language() -> None:
    assert command_line_locale({"LANG": "de_DE.UTF-8"}) == "de"
    assert command_line_locale({"LANG": "ar_EG.UTF-8"}) == "ar"
    assert command_line_locale({"LANGUAGE": "pt:vi", "LANG": "de_DE"}) == "vi"
    assert command_line_locale({"LC_ALL": "C", "LANG": "de_DE.UTF-8"}) == "en"
    assert command_line_locale({"QUALIFY_LANGUAGE": "pl", "LANG": "de_DE.UTF-8"}) == "pl"
    assert command_line_locale({"LANG": "ja_JP.UTF-8"}) == "en"
    assert command_line_locale({}) == "en"
