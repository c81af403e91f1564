"""Download file names: ASCII for every client, the name in its own script where the
browser reads RFC 6266 `filename*` (a Russian or Vietnamese group name stays readable)."""

from __future__ import annotations

from urllib.parse import unquote

from qualify.web.downloads import content_disposition, file_name


def test_ascii_names_need_nothing_more_and_umlauts_are_spelt_out() -> None:
    assert content_disposition("Gruppe Halle", "csv") == 'attachment; filename="Gruppe-Halle.csv"'
    assert content_disposition("Gruppe Köthen", "csv").startswith(
        'attachment; filename="Gruppe-Koethen.csv"; filename*='
    )


def test_vietnamese_letters_keep_their_base_letter() -> None:
    assert file_name("tiến độ") == "tien-do"


def test_cyrillic_and_arabic_names_travel_in_filename_star() -> None:
    for name in ("Группа Магдебург прогресс", "مجموعة الحضور"):
        header = content_disposition(name, "xlsx")
        plain, star = header.split("; filename*=UTF-8''")
        assert plain.startswith('attachment; filename="') and plain.isascii()
        assert unquote(star) == f"{name}.xlsx"


def test_no_line_break_path_or_quote_reaches_the_header() -> None:
    header = content_disposition('../Gruppe "Ö"\\c\r\nX: y', "csv")
    assert "\r" not in header and "\n" not in header
    assert unquote(header.split("''")[1]) == "Gruppe -Ö-c-X- y.csv"
