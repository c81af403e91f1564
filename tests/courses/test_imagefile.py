"""Images are judged by their bytes: PNG, JPEG and WebP within limits; names from content."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib

import pytest
from PIL import Image

from qualify.courses.imagefile import (
    ImageFacts,
    ImageRefusal,
    image_name,
    inspect_image,
    is_image_name,
    slugify,
    without_metadata,
)
from tests.courses.images import SVG, photo_with_position, picture


@pytest.mark.parametrize(
    ("kind", "content_type", "extension"),
    [("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg"), ("WEBP", "image/webp", "webp")],
)
def test_png_jpeg_and_webp_are_accepted_with_their_facts(
    kind: str, content_type: str, extension: str
) -> None:
    data = picture(kind, (64, 48))
    facts = inspect_image(data)
    assert facts == ImageFacts(
        kind, content_type, extension, 64, 48, len(data), hashlib.sha256(data).hexdigest()
    )


def refusal(data: bytes, **limits: int) -> str:
    result = inspect_image(data, **limits)
    assert isinstance(result, ImageRefusal), result
    return result.reason


def test_svg_gif_text_and_empty_files_are_refused() -> None:
    assert refusal(SVG) == "format"
    assert refusal(picture("GIF")) == "format"
    assert refusal(b"this is a text file, renamed to picture.png") == "format"
    assert refusal(b"") == "empty"
    assert refusal(picture("BMP")) == "format"


def test_a_file_over_the_byte_limit_is_refused() -> None:
    data = picture("PNG", (50, 50))
    assert refusal(data, max_bytes=len(data) - 1) == "too_large"
    assert isinstance(inspect_image(data, max_bytes=len(data)), ImageFacts)
    assert refusal(b"\0" * (2 * 1024 * 1024 + 1)) == "too_large"  # the default: 2 MB


def test_a_picture_over_the_side_limit_is_refused() -> None:
    assert refusal(picture("PNG", (4001, 10))) == "too_wide"
    assert refusal(picture("PNG", (10, 120)), max_side=100) == "too_wide"
    assert isinstance(inspect_image(picture("PNG", (100, 100)), max_side=100), ImageFacts)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size in its header but carries almost no data (a bomb's shape)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    assert refusal(png_header_only(100_000, 100_000)) == "bomb"  # Pillow's own guard, at open
    assert refusal(png_header_only(5000, 5000)) == "too_wide"  # ours, before any decoding
    assert refusal(png_header_only(3000, 3000)) == "damaged"  # too little data for its size


def test_a_truncated_file_is_refused_as_damaged() -> None:
    data = picture("JPEG", (200, 200), "red")
    assert refusal(data[: len(data) // 2]) == "damaged"


def test_the_name_comes_from_the_content_and_the_real_type() -> None:
    png = picture("PNG")
    facts = inspect_image(png)
    assert isinstance(facts, ImageFacts)
    # A PNG uploaded as .jpg is a PNG: the extension follows the bytes.
    name = image_name("Straßen Übersicht.JPG", facts)
    assert name == f"strassen-uebersicht-{facts.sha256[:10]}.png"
    assert is_image_name(name)
    assert image_name(name, facts) == name  # a stored name stays as it is
    assert image_name("C:\\Users\\x\\.png", facts).startswith("bild-")
    assert not is_image_name("foto.png") and not is_image_name("../x-0123456789.png")


def test_slugify_keeps_letters_digits_and_hyphens() -> None:
    assert slugify("  Ärger & Co. 2024 ") == "aerger-co-2024"
    assert slugify("😀") == "bild"
    assert len(slugify("a" * 80)) == 50


def test_an_rgba_webp_and_a_greyscale_jpeg_are_read() -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (5, 7)).save(buffer, format="WEBP")
    assert isinstance(inspect_image(buffer.getvalue()), ImageFacts)
    buffer = io.BytesIO()
    Image.new("L", (5, 7)).save(buffer, format="JPEG")
    assert isinstance(inspect_image(buffer.getvalue()), ImageFacts)


def test_metadata_is_removed_and_a_rotation_applied() -> None:
    original = photo_with_position(orientation=6)  # shown turned by 90 degrees
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)
    cleaned = without_metadata(original)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert not image.getexif() and "exif" not in image.info
        assert image.size == (20, 40)  # upright now, as viewers showed it
    assert isinstance(inspect_image(cleaned), ImageFacts)


def test_an_upright_jpeg_keeps_its_pixels_size_and_format() -> None:
    cleaned = without_metadata(photo_with_position())
    with Image.open(io.BytesIO(cleaned)) as image:
        assert (image.format, image.size) == ("JPEG", (40, 20)) and not image.getexif()
