"""The audit result notice as a Japanese official letter, checked in its PDF text."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from audits import services

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_result_notice_is_an_a4_official_letter_with_every_finding(
    done_audit, auditor, settings
):
    settings.NOTICE_HONORIFIC = "殿"
    texts = ["入退室管理簿に立会者の記入漏れがある。", "帳票受渡簿の受領者欄を記入すること。"]
    for kind, text in zip(("nonconformity", "instruction"), texts, strict=True):
        services.finding_add(
            audit=done_audit, kind=kind, description=text, due_on=D(2026, 12, 1), actor=auditor
        )
    notice = services.audit_notify_result(audit=done_audit, actor=auditor)
    reader = PdfReader(io.BytesIO(bytes(notice.pdf)))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = "".join(p.extract_text() for p in reader.pages)
    text = text.replace(" ", "").replace("\u3000", "").replace("\n", "")
    for expected in (
        "市第2号",  # the announcement was 市第1号
        "令和8年10月20日",  # NOTICE_DATE_FORM "era": no Western year, no half-width bracket
        f"{done_audit.office.name}長殿",
        "市町村課長",
        "（公印省略）",
        "内部監査の結果について（通知）",
        "記",
        "以上",
        "【不適事項】入退室管理簿に立会者の記入漏れがある。",
        "【指示】帳票受渡簿の受領者欄を記入すること。",
        "改善期限令和8年12月1日",
    ):
        assert expected in text, expected
    assert "(2026年)" not in text and "（2026年）" not in text
    fonts = [f.get_object() for p in reader.pages for f in p["/Resources"]["/Font"].values()]
    assert any("IPAex" in str(f["/BaseFont"]) for f in fonts)
    for font in fonts:  # every font is embedded (a Type0 font through its descendant)
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = described["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


def test_no_japanese_font_is_a_clear_error_naming_the_package(monkeypatch):
    from juki_admin import pdf

    monkeypatch.setattr(pdf, "japanese_fonts", lambda: ())
    with pytest.raises(pdf.PdfFontMissing, match="fonts-ipaexfont"):
        pdf.render_pdf("pdf/letter.html", {"letter": {}})
