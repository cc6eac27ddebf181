"""An auditor keeps the evidence of a finding in the browser (issue 20): a file added is listed
with its SHA-256 and downloads byte for byte; a program dressed as a PDF is refused with a
message and nothing is kept; the office head of another office cannot open the page."""

from __future__ import annotations

import hashlib
from pathlib import Path

from audits.models import Evidence, Finding

from .helpers import ERROR, expect, expect_success

#: A small real PDF (one empty page).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_the_auditor_keeps_a_file_on_a_finding_and_downloads_it_unchanged(sign_in):
    finding = Finding.objects.filter(audit__office__code="S02").order_by("pk").first()
    kept = Evidence.objects.filter(finding=finding).count()
    page = sign_in("auditor")
    page.goto(finding.get_absolute_url())
    page.locator("a.evidence-link").first.click()
    expect(page.locator("h1")).to_have_text("証拠書類")

    # a Windows program renamed .pdf: refused by its content, nothing kept
    page.locator("input[type=file]").set_input_files(
        {"name": "監査調書.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" * 64}
    )
    page.get_by_role("button", name="保存する").click()
    expect(page.locator(ERROR).first).to_be_visible()
    assert Evidence.objects.filter(finding=finding).count() == kept

    page.locator("input[type=file]").set_input_files(
        {"name": "是正写真.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("textarea[name=note]").fill("是正後の状況")
    page.get_by_role("button", name="保存する").click()
    expect_success(page)
    digest = hashlib.sha256(PDF).hexdigest()
    row = page.locator("table.evidence tr", has_text="是正写真.pdf")
    expect(row).to_contain_text(digest)
    expect(row).to_contain_text("是正後の状況")
    assert Evidence.objects.filter(finding=finding).count() == kept + 1

    with page.expect_download() as info:
        row.get_by_role("link", name="是正写真.pdf").click()
    assert Path(info.value.path()).read_bytes() == PDF


def test_the_head_of_another_office_cannot_open_a_findings_evidence(sign_in, _pages):
    finding = Finding.objects.filter(audit__office__code="S02").order_by("pk").first()
    page = sign_in("head2")
    response = page.goto(f"/audits/evidence/finding/{finding.pk}/")
    assert response.status == 404
    # the 404 is the answer expected, the only console error
    assert [e for e in _pages.console_errors if "status of 404" not in e] == []
    _pages.console_errors.clear()
