"""Forms of a course's images page: upload one image, delete one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from qualify.courses.imagefile import MAX_BYTES, MAX_SIDE, ImageRefusal
from qualify.web.forms import Form

MEGABYTES = MAX_BYTES // (1024 * 1024)

# Why an image was refused (imagefile.REASONS), as the author reads it.
REFUSALS = {
    "empty": _l("The file is empty."),
    "too_large": _l("The file is too large: at most %(megabytes)s MB."),
    "format": _l("Please upload a PNG, JPEG or WebP image. SVG, GIF and other files are refused."),
    "too_wide": _l("The picture is too large: at most %(pixels)s pixels wide and high."),
    "bomb": _l("The picture is too large: at most %(pixels)s pixels wide and high."),
    "damaged": _l("The picture cannot be read: the file is damaged or incomplete."),
    "taken": _l("Another image of this course has the same name. Please rename the file."),
}


def refusal_text(refusal: ImageRefusal) -> str:
    return str(REFUSALS[refusal.reason]) % {"megabytes": MEGABYTES, "pixels": MAX_SIDE}


class UploadImageForm(Form):
    image = FileField(
        _l("Image (PNG, JPEG or WebP)"),
        validators=[FileRequired(_l("Please choose a file."))],
        description=_l(
            "At most %(megabytes)s MB and %(pixels)s pixels wide and high. Photos of people "
            "only with their consent.",
            megabytes=MEGABYTES,
            pixels=MAX_SIDE,
        ),
    )


class DeleteImageForm(Form):
    """Only the CSRF token: the image is named by the URL."""
