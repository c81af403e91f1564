"""Filters every template uses (qualify/web/templating.py)."""

from __future__ import annotations

from flask import Flask, render_template_string


def test_bdi_isolates_a_name_inside_a_translated_sentence_and_escapes_it(app: Flask) -> None:
    template = '{{ _("Attendance of %(name)s", name=person|bdi) }}'
    with app.test_request_context(headers={"Accept-Language": "de"}):
        html = render_template_string(template, person="Ada <b>& Co</b> (A)")
    assert html == "Anwesenheit von <bdi>Ada &lt;b&gt;&amp; Co&lt;/b&gt; (A)</bdi>"


def test_bdi_on_its_own_escapes_once(app: Flask) -> None:
    with app.test_request_context():
        html = render_template_string("{{ name|bdi }}", name="O'Neil & Söhne")
    assert html == "<bdi>O&#39;Neil &amp; Söhne</bdi>"
