"""An auditor downloads the papers: an audit notice, the card ledger of one office, the
year's security report."""

from __future__ import annotations

import re

from .helpers import download_pdf, expect, pdf_text


def test_an_auditor_downloads_the_audit_notice_the_ledger_and_the_report(sign_in):
    page = sign_in("auditor")

    # an audit notice, from the list of notices sent
    page.get_by_role("navigation").get_by_role("link", name="監査", exact=True).click()
    page.get_by_role("link", name="発出した通知").click()
    link = page.locator("main table a[href*='/notices/']").first
    number = link.inner_text()
    assert number in pdf_text(download_pdf(page, link.click))

    # the year's security report
    page.get_by_role("navigation").get_by_role("link", name="監査", exact=True).click()
    report = pdf_text(download_pdf(page, page.get_by_role("link", name="年次報告").click))
    assert "セキュリティ" in report

    # the card ledger of one office: the office is chosen from a list that sends itself
    page.get_by_role("navigation").get_by_role("link", name="カード管理簿").click()
    page.locator("select[name=office]").select_option(label="東葛飾旅券事務所")
    expect(page).to_have_url(re.compile(r"office=\d+"))
    # the current fiscal year by default; the card of the 2012 case was issued in 2007
    page.locator("input[name=start]").fill("平成19年4月1日")
    page.get_by_role("button", name="表示").click()
    expect(page.locator("main")).to_contain_text("CS02900")
    ledger = pdf_text(download_pdf(page, page.get_by_role("link", name="PDF", exact=True).click))
    assert "CS02900" in ledger
