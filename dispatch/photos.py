"""A photo from a phone, checked before it is kept: JPEG or PNG by its own bytes (not
its name), a picture that opens, and at most `MAX_PHOTO_BYTES`."""

from __future__ import annotations

import io
from typing import Final

from PIL import Image, UnidentifiedImageError

from dispatch.field import FieldError
from i18n import _

MAX_PHOTO_BYTES: Final = 5 * 1024 * 1024
#: The types a phone's camera gives, by their first bytes.
KINDS: Final = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def photo_type(data: bytes) -> str:
    """The photo's MIME type, or FieldError saying what is wrong with it."""
    if not data:
        raise FieldError(_("the photo is empty"))
    if len(data) > MAX_PHOTO_BYTES:
        raise FieldError(
            _("the photo is {mb:.1f} MB; at most {most} MB").format(
                mb=len(data) / 1024 / 1024, most=MAX_PHOTO_BYTES // 1024 // 1024
            )
        )
    mime = next((m for head, m in KINDS.items() if data.startswith(head)), None)
    if mime is None:
        raise FieldError(_("the photo must be a JPEG or PNG picture"))
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise FieldError(_("the photo is damaged: take it again")) from None
    return mime
