"""QR codes on our pages: one way to draw them (error correction level M, inline SVG)."""

from __future__ import annotations

import segno


def qr_svg(data: str, *, scale: int = 4) -> str:
    """``data`` as a QR code (level M: readable with 15 % of it soiled), an inline ``<svg>``
    element of ``scale`` pixels per module."""
    return segno.make(data, error="m").svg_inline(scale=scale)
