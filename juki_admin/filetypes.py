"""What a file is, judged by its bytes and never by its name (evidence files, 証拠書類).

Accepted: PDF, PNG / JPEG / GIF / WebP images, Office documents (OOXML: a ZIP holding
``[Content_Types].xml``, with a bounded uncompressed size and compression ratio so that a
zip bomb is refused unopened; legacy OLE compound files: .doc / .xls / .ppt), and text or
CSV in UTF-8 or CP932. Everything else (an executable renamed ``.pdf``, an archive, an empty
file) is refused with a ``DomainError`` that says why. This module is on the ground floor.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import DomainError

#: An OOXML file may unpack to at most this many bytes, and no member may be compressed more
#: than ``MAX_RATIO`` times (real Office documents stay far below both).
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 5000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_OOXML = (
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)
#: Control characters a text file never holds (tab, line feed, form feed, carriage return and
#: the CP932 / UTF-8 bytes are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str


def _refuse(name: str) -> DomainError:
    return DomainError(
        _(
            "%(name)s is not a file that can be kept as evidence: only PDF, images (PNG, JPEG, "
            "GIF, WebP), Office documents, text and CSV are accepted, judged by their content."
        )
        % {"name": name}
    )


def _ooxml(data: bytes, name: str) -> FileType:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(name) from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names:
        raise _refuse(name)
    total = sum(m.file_size for m in members)
    too_packed = any(m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members)
    if len(members) > MAX_MEMBERS or total > MAX_UNCOMPRESSED or too_packed:
        raise DomainError(
            _(
                "%(name)s unpacks to far more than its size (a zip bomb, or a damaged "
                "document): it is refused."
            )
            % {"name": name}
        )
    try:
        if archive.testzip() is not None:
            raise _refuse(name)
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError):
        raise _refuse(name) from None
    for prefix, content_type in _OOXML:
        if any(n.startswith(prefix) for n in names):
            return FileType(content_type, _("Office document"))
    raise _refuse(name)


def _text(data: bytes, name: str) -> FileType | None:
    if any(b in _CONTROL for b in data[:65536]) or b"\x00" in data:
        return None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    for encoding in ("utf-8", "cp932"):
        try:
            body.decode(encoding)
        except UnicodeDecodeError:
            continue
        if name.lower().endswith(".csv"):
            return FileType("text/csv", _("CSV"))
        return FileType("text/plain", _("text"))
    return None


def sniff(data: bytes, name: str) -> FileType:
    """The type of ``data`` (a file called ``name``), or a ``DomainError``: an empty file,
    and any content that is not one of the accepted kinds, is refused."""
    if not data:
        raise DomainError(_("%(name)s is empty: nothing to keep.") % {"name": name})
    if data.startswith(b"%PDF-"):
        return FileType("application/pdf", "PDF")
    for magic, content_type in _IMAGES:
        if data.startswith(magic):
            return FileType(content_type, _("image"))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return FileType("image/webp", _("image"))
    if data.startswith(b"PK\x03\x04"):
        return _ooxml(data, name)
    if data.startswith(OLE_MAGIC):
        return FileType("application/vnd.ms-office", _("Office document"))
    found = _text(data, name)
    if found is None:
        raise _refuse(name)
    return found
