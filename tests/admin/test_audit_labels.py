"""The audit list's subjects and details in the reader's language, not as stored."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask_babel import force_locale

import qualify
from qualify.admin.labels import SUBJECT_LABELS, detail_lines, subject_label

SOURCE = Path(qualify.__file__).parent


def test_every_kind_of_subject_the_code_records_has_a_label() -> None:
    """A subject is written as `subject=f"<kind> ..."` where an event is recorded."""
    kinds = {
        match
        for path in SOURCE.rglob("*.py")
        for match in re.findall(r'subject=f"([a-z]+) ', path.read_text(encoding="utf-8"))
    }
    assert kinds and sorted(kinds - SUBJECT_LABELS.keys()) == []


def test_a_workshop_and_an_assignment_read_in_german(app: Flask) -> None:
    """They showed as stored ("workshop 2 of cohort 1", "present: 1, 4") on every page."""
    with app.test_request_context(), force_locale("de"):
        assert subject_label("workshop 2 of cohort 1") == "Workshop 2 der Gruppe 1"
        assert subject_label("assignment 3/praxis version 2") == "Praxisaufgabe 3/praxis, Version 2"
        lines = dict(detail_lines({"present": [1, 4], "passed": True, "via": "rules met"}))
    assert lines == {
        "Anwesend (Konto-Nr.)": "1, 4",
        "Bestanden": "ja",
        "Gemacht über": "alle Anforderungen erfüllt",
    }
