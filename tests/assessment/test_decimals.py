"""Reading numbers typed in German and English style."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from qualify.assessment.questiontypes.decimals import NumberFormatError, canonical, parse_decimal

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", (D("1234.5"),)),
        ("1234,5", (D("1234.5"),)),
        ("1.234,50", (D("1234.5"),)),
        ("1,234.50", (D("1234.5"),)),
        ("1 234,50", (D("1234.5"),)),
        ("1\u202f234,50", (D("1234.5"),)),
        ("1\u00a0234,50", (D("1234.5"),)),
        ("1 234 567", (D("1234567"),)),
        ("1 234.5", (D("1234.5"),)),
        ("12.345.678", (D("12345678"),)),
        ("12,345,678.9", (D("12345678.9"),)),
        ("12.345.678,9", (D("12345678.9"),)),
        ("-3", (D("-3"),)),
        ("\u22123", (D("-3"),)),
        ("- 3", (D("-3"),)),
        ("+2", (D("2"),)),
        (".5", (D("0.5"),)),
        (",5", (D("0.5"),)),
        ("-,5", (D("-0.5"),)),
        ("0,123", (D("0.123"),)),
        ("12,3456", (D("12.3456"),)),
        ("1234,567", (D("1234.567"),)),
        ("007", (D("7"),)),
        ("  42  ", (D("42"),)),
        ("\uff14\uff12", (D("42"),)),  # full-width digits
        ("\u0661\u066c\u0662\u0663\u0664\u066b\u0665", (D("1234.5"),)),  # Arabic-Indic
    ],
)
def test_reads_german_and_english_formats(text: str, expected: tuple[Decimal, ...]) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234", {D("1234"), D("1.234")}),
        ("1,234", {D("1234"), D("1.234")}),
        ("-12.500", {D("-12500"), D("-12.5")}),
        ("999,999", {D("999999"), D("999.999")}),
    ],
)
def test_one_separator_before_three_digits_is_read_both_ways(
    text: str, expected: set[Decimal]
) -> None:
    readings = parse_decimal(text)
    assert len(readings) == 2
    assert set(readings) == expected


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("12 €", "€", D("12")),
        ("€12", "€", D("12")),
        ("12 EUR", "€", D("12")),
        ("12 euro", "€", D("12")),
        ("12 Euros", "EUR", D("12")),
        ("1.234,50 €", "€", D("1234.5")),
        ("-12 €", "€", D("-12")),
        ("€ -12", "€", D("-12")),
        ("45 %", "%", D("45")),
        ("45 Prozent", "%", D("45")),
        ("3 km", "KM", D("3")),
        ("3", "km", D("3")),
        ("2 Maß", "MASS", D("2")),
    ],
)
def test_strips_the_questions_unit(text: str, unit: str, expected: Decimal) -> None:
    assert parse_decimal(text, unit) == (expected,)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("12 €", None),  # no unit in the question: a unit is not silently dropped
        ("12 %", "€"),
        ("12 € €", "€"),
        ("€12€", "€"),
        ("12 km", "m"),
    ],
)
def test_refuses_units_the_question_does_not_name(text: str, unit: str | None) -> None:
    with pytest.raises(NumberFormatError):
        parse_decimal(text, unit)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "-",
        ".",
        ",",
        "1.",
        "1,",
        "1..2",
        "1,,234",
        "1.2.3",
        "1.23.456",
        "1,234.567,8",
        "1.234.5",
        "1 2",
        "1  234",
        "1 234.567,5",
        "12.34,5",
        ",234.5",
        "0.123.456",
        "+-3",
        "--3",
        "3-",
        "1e3",
        "1E3",
        "NaN",
        "nan",
        "Infinity",
        "inf",
        "-Infinity",
        "0x10",
        "1/2",
        "zwölf",
        "1_000",
        "1\t234",
        "1\n2",
        "½",
        "²",
        "1" * 101,
    ],
)
def test_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_decimal(text)


@pytest.mark.parametrize("value", [None, 12, 1.5, b"12", ["12"], {"12": 1}, True])
def test_refuses_what_is_not_text(value: object) -> None:
    with pytest.raises(NumberFormatError):
        parse_decimal(value)


def test_number_format_error_is_a_value_error() -> None:
    assert issubclass(NumberFormatError, ValueError)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("1234.50", "1234.5"),
        ("1E+3", "1000"),
        ("1e-7", "0.0000001"),
        ("-0", "0"),
        ("-0.000", "0"),
        ("0.005", "0.005"),
        ("-12.340", "-12.34"),
        ("100", "100"),
    ],
)
def test_canonical_spelling(number: str, expected: str) -> None:
    assert canonical(Decimal(number)) == expected


@given(st.text(max_size=120))
@example("1" * 100)
@example("\u0660" * 50)
def test_any_text_gives_decimals_or_number_format_error(text: str) -> None:
    _check_total(text)


@given(
    st.text(alphabet="0123456789.,  \u202f-+\u2212€%eE", max_size=24),
    st.sampled_from([None, "€", "%"]),
)
def test_number_like_text_gives_decimals_or_number_format_error(
    text: str, unit: str | None
) -> None:
    _check_total(text, unit)


def _check_total(text: str, unit: str | None = None) -> None:
    try:
        readings = parse_decimal(text, unit)
    except NumberFormatError:
        return
    assert 1 <= len(readings) <= 2
    assert all(isinstance(r, Decimal) and r.is_finite() for r in readings)


NUMBERS = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=3, allow_nan=False
)


@given(NUMBERS, st.integers(min_value=0, max_value=3))
def test_round_trips_english_style(number: Decimal, places: int) -> None:
    number = round(number, places)
    text = f"{number:,.{places}f}"  # 1,234,567.891
    assert number in parse_decimal(text)
    assert number in parse_decimal(text.replace(",", ""))


@given(NUMBERS, st.integers(min_value=0, max_value=3), st.sampled_from([".", " ", "\u202f"]))
def test_round_trips_german_style(number: Decimal, places: int, group: str) -> None:
    number = round(number, places)
    english = f"{number:,.{places}f}"
    german = english.replace(",", "\x00").replace(".", ",").replace("\x00", group)
    assert number in parse_decimal(german)
    assert number in parse_decimal(f"{german} €", "€")


@given(NUMBERS)
def test_unambiguous_text_has_one_reading(number: Decimal) -> None:
    text = f"{number:,.2f}"  # two decimals: never three digits after the last separator
    assert parse_decimal(text) == (round(number, 2),)
