"""Judge an image file by its bytes: PNG, JPEG or WebP within size and dimension limits.

Pure: no Flask, no database. The file's name and the browser's content type are never
trusted; Pillow reads the header and decodes the picture once, so a damaged file or a
decompression bomb is refused before it is stored. Stored names are content-addressed
(`<stem>-<first 10 hex of SHA-256>.<ext>`), so an image's address never changes meaning.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageOps

from qualify.core.messages import Message

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000  # pixels per side; also bounds the memory one decode takes (16 MP)
HASH_DIGITS = 10

# Pillow format -> (content type, the extension a stored name ends in)
FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "WEBP": ("image/webp", "webp"),
}
NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?-[0-9a-f]{10}\.(?:png|jpg|webp)")
_HASH_SUFFIX = re.compile(r"-[0-9a-f]{10}$")
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class ImageFacts:
    """What was read from an accepted image's bytes."""

    format: str  # PNG, JPEG or WEBP
    content_type: str
    extension: str
    width: int
    height: int
    byte_size: int
    sha256: str


@dataclass(frozen=True)
class ImageRefusal:
    """Why an image is refused: `reason` is one of REASONS, `limit` and `actual` fill in the
    message (bytes for too_large, pixels for too_wide). The web layer translates by reason."""

    reason: str
    limit: int = 0
    actual: int = 0

    def message(self) -> Message:
        """The text for content checks (command line and draft check), English until
        translated; the upload form has its own texts (authoring/image_forms.py)."""
        return REASONS[self.reason](self.limit, self.actual)


# reason -> the message, from (limit, actual)
REASONS: dict[str, Callable[[int, int], Message]] = {
    "empty": lambda limit, actual: Message("the file is empty"),
    "too_large": lambda limit, actual: Message(
        "the file has %(size)d bytes; at most %(limit)d bytes are allowed", size=actual, limit=limit
    ),
    "format": lambda limit, actual: Message(
        "the file is not a PNG, JPEG or WebP image (SVG, GIF and others are not accepted)"
    ),
    "too_wide": lambda limit, actual: Message(
        "the image is %(side)d pixels wide or high; at most %(limit)d pixels are allowed",
        side=actual,
        limit=limit,
    ),
    "bomb": lambda limit, actual: Message(
        "the image has far too many pixels; at most %(limit)d pixels per side are allowed",
        limit=limit,
    ),
    "taken": lambda limit, actual: Message(
        "another image of this course has the same name; rename the file"
    ),
    "damaged": lambda limit, actual: Message(
        "the image cannot be read: the file is damaged or incomplete"
    ),
}


def inspect_image(
    data: bytes, *, max_bytes: int = MAX_BYTES, max_side: int = MAX_SIDE
) -> ImageFacts | ImageRefusal:
    """The facts of an acceptable image, or why it is refused."""
    if not data:
        return ImageRefusal("empty")
    if len(data) > max_bytes:
        return ImageRefusal("too_large", max_bytes, len(data))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                side = max(image.size)
                if side > max_side:
                    return ImageRefusal("too_wide", max_side, side)
                image.load()  # decodes the first frame: truncated or corrupt data fails here
                kind, width, height = image.format or "", image.width, image.height
        except Image.UnidentifiedImageError:
            return ImageRefusal("format")
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return ImageRefusal("bomb", max_side)
        except (OSError, SyntaxError, ValueError):
            return ImageRefusal("damaged")
    if kind not in FORMATS:
        return ImageRefusal("format")
    content_type, extension = FORMATS[kind]
    digest = hashlib.sha256(data).hexdigest()
    return ImageFacts(kind, content_type, extension, width, height, len(data), digest)


def without_metadata(data: bytes) -> bytes:
    """The picture of an accepted image without what cameras add: EXIF (with GPS position,
    device, time), XMP and text chunks. An EXIF rotation is applied to the pixels first, so
    the picture still stands upright. JPEGs keep their quantisation when not rotated; the
    colour profile stays. Call only with bytes inspect_image accepted."""
    with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
        kind, icc = image.format, image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
        rotated = upright is not image
        out = io.BytesIO()
        options: dict = {"icc_profile": icc} if icc else {}
        if kind == "JPEG":
            options["quality"] = 90 if rotated else "keep"
        elif kind == "WEBP":
            options.update(quality=90, lossless=image.info.get("lossless", False))
        upright.save(out, format=kind, **options)
    return out.getvalue()


def slugify(text: str, fallback: str = "bild") -> str:
    """Lower-case ASCII letters, digits and single hyphens, at most 50 characters."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
    ascii_text = text.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:50].strip("-")
    return slug or fallback


def image_name(filename: str, facts: ImageFacts) -> str:
    """The stored name for an image uploaded as `filename`: its stem made a slug (a hash
    suffix it already has dropped), the first hex digits of its SHA-256, its real type."""
    stem = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = _HASH_SUFFIX.sub("", slugify(stem))
    return f"{stem}-{facts.sha256[:HASH_DIGITS]}.{facts.extension}"


def is_image_name(name: str) -> bool:
    return NAME.fullmatch(name) is not None
