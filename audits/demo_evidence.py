"""Evidence files of the demo (証拠書類): the working papers (監査調書) of this year's audit of
東葛飾旅券事務所 and the files on its findings and a completion report, notes and photos of
the 2012 site visits, and a file on the 2012 lost-card incident. Loaded once."""

from __future__ import annotations

import struct
import zlib

from django.core.files.base import ContentFile

from cards.models import Incident
from juki_admin.pdf import html_to_pdf

from . import services
from .models import Audit, Evidence, Finding, SiteVisit


def _png(shade: int, size: int = 32) -> bytes:
    """A small grey PNG (a stand-in for a photograph of a register)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + bytes([shade]) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )  # fmt: skip


def _working_papers(audit: Audit) -> bytes:
    rows = "".join(
        f"<tr><td>{i.number}</td><td>{i.text}</td><td>{i.rule}</td><td>確認済</td></tr>"
        for i in audit.items.order_by("number")
    )
    return html_to_pdf(
        "<html><head><style>body { font-family: 'IPAexMincho', serif; font-size: 10pt; } "
        "td, th { border: 0.5pt solid #333; padding: 1mm; }</style></head><body>"
        f"<h1>監査調書</h1><p>{audit}</p><p>{audit.auditors}</p>"
        f"<table><tr><th>番号</th><th>点検項目</th><th>根拠規程</th><th>確認</th></tr>{rows}"
        "</table></body></html>"
    )


def _keep(owner, name: str, data: bytes, actor, note: str = "") -> None:
    services.evidence_add(owner=owner, upload=ContentFile(data, name=name), actor=actor, note=note)


def load(*, actor, users: dict) -> int:
    if Evidence.objects.exists():
        return 0
    auditor, head = users.get("auditor") or actor, users.get("head")
    audit = Audit.objects.filter(office__code="S02", result__gt="").order_by("-plan__fiscal_year")
    audit = audit.first()
    if audit is not None:
        _keep(audit, "監査調書_東葛飾旅券事務所.pdf", _working_papers(audit), auditor)
        notes = "確認した帳票,件数,所見\n端末機設置室入退室管理簿,42,立会者欄の記入漏れ3件\n"
        _keep(audit, "帳票確認記録.csv", notes.encode("cp932"), auditor, "監査当日の確認記録")
        for n, finding in enumerate(Finding.objects.filter(audit=audit).order_by("number")):
            _keep(finding, f"指摘{finding.number}_現況写真.png", _png(90 + 30 * n), auditor)
            plan = getattr(finding, "improvement_plan", None)
            if head is not None and plan is not None and plan.completed_on:
                report = "確認日,退職予定者,カード回収\n月初,2名,回収済\n"
                _keep(plan, "退職予定者一覧_確認記録.csv", report.encode("cp932"), head)
    for n, visit in enumerate(SiteVisit.objects.filter(visited_on__year=2012).order_by("pk")[:4]):
        memo = f"{visit}\n{visit.confirmed}\n{visit.to_improve or '特記事項なし'}\n"
        _keep(visit, "現地確認メモ.txt", memo.encode(), actor)
        _keep(visit, "端末機設置室.png", _png(200 - 20 * n), actor)
    incident = Incident.objects.filter(card__serial="CS02900").first()
    if incident is not None:
        text = "平成24年4月 所在不明の判明、資格停止、アクセスログの確認を依頼。\n"
        _keep(incident, "事案経過メモ.txt", text.encode(), actor)
    return 1
