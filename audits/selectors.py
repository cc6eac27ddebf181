"""Reads of the audits app: who sees which answer sheet, progress per office, and the
results tabulated as in the source paper (per item, how many did not comply, bucketed)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from cards.choices import CardStatus
from cards.models import Incident
from juki_admin import access, fiscal
from juki_admin.access import Role

from .choices import BUCKETS, FINDINGS_IN_PROGRESS, Audience, Bucket, Result, SheetStatus
from .models import (
    AccessFinding,
    AccessRecord,
    Answer,
    Audit,
    Campaign,
    Checklist,
    ChecklistItem,
    Finding,
    Notice,
    Sheet,
)


def campaigns_for(user) -> QuerySet[Campaign]:
    """The campaigns with their counts of sheets and of sheets submitted: every campaign for
    those who see every office, the campaigns with a sheet the user sees for the others."""
    campaigns = Campaign.objects.annotate(
        sheets_total=Count("sheets"),
        sheets_done=Count("sheets", filter=Q(sheets__status=SheetStatus.SUBMITTED)),
    )
    if not access.sees_all_offices(user):
        campaigns = campaigns.filter(pk__in=visible_sheets(user).values("campaign"))
    return campaigns


def visible_sheets(user) -> QuerySet[Sheet]:
    """Every sheet for those who see every office; an office head's or identity-data
    manager's own office's sheets; an operator's own sheet only."""
    qs = Sheet.objects.select_related("campaign", "office", "staff")
    if access.sees_all_offices(user):
        return qs
    if access.has_role(user, Role.OFFICE_HEAD, Role.IDENTITY_MANAGER):
        return qs.visible_to(user)
    staff = access.staff_of(user)
    if staff is None or not access.roles_of(user):
        return qs.none()
    return qs.filter(staff=staff)


def may_answer(user, sheet: Sheet) -> bool:
    """The office sheet is answered by the head of its office; an operator's sheet by that
    operator alone."""
    if sheet.audience == Audience.OFFICE:
        return access.is_head_of(user, sheet.office_id)
    staff = access.staff_of(user)
    return staff is not None and staff.pk == sheet.staff_id


def percent(part: int, whole: int) -> Decimal | None:
    """A percentage to one decimal, rounded half up as in the paper (24 of 57 → 42.1)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class ItemResult:
    item: ChecklistItem
    failed: int  # sheets that did not comply
    not_applicable: int
    causes: list[tuple[str, int]]  # each cause given, with how many gave it


@dataclass
class BucketRow:
    bucket: Bucket
    items: int
    percent: Decimal | None
    item_list: list[ChecklistItem] = field(default_factory=list)


@dataclass
class Results:
    campaign: Campaign
    audience: str
    respondents: int  # submitted sheets
    expected: int  # all sheets
    items: list[ItemResult]
    distribution: list[BucketRow]

    @property
    def max_failed(self) -> int:
        return max((r.failed for r in self.items), default=0)


def results(campaign: Campaign, audience: str) -> Results:
    """Per item, how many submitted sheets did not comply (with the causes given), and the
    distribution of items over the paper's buckets (DESIGN.md rule 6). A fixed number of
    queries, whatever the number of offices and operators."""
    checklist = (
        campaign.office_checklist if audience == Audience.OFFICE else campaign.operator_checklist
    )
    items = list(checklist.items.order_by("number"))
    sheets = Sheet.objects.filter(campaign=campaign, audience=audience)
    counts = sheets.aggregate(
        expected=Count("pk"), respondents=Count("pk", filter=Q(status=SheetStatus.SUBMITTED))
    )
    answers = Answer.objects.filter(
        sheet__campaign=campaign,
        sheet__audience=audience,
        sheet__status=SheetStatus.SUBMITTED,
        result__in=[Result.NONCOMPLIANT, Result.NOT_APPLICABLE],
    )
    failed: Counter = Counter()
    not_applicable: Counter = Counter()
    causes: dict[int, Counter] = defaultdict(Counter)
    for item_id, result, cause in answers.values_list("item_id", "result", "cause"):
        if result == Result.NONCOMPLIANT:
            failed[item_id] += 1
            for line in cause.splitlines():
                if line.strip():
                    causes[item_id][line.strip()] += 1
        else:
            not_applicable[item_id] += 1
    rows = [
        ItemResult(
            item=item,
            failed=failed[item.pk],
            not_applicable=not_applicable[item.pk],
            causes=causes[item.pk].most_common(),
        )
        for item in items
    ]
    distribution = []
    for bucket in BUCKETS[audience]:
        members = [r.item for r in rows if bucket.holds(r.failed)]
        distribution.append(
            BucketRow(bucket, len(members), percent(len(members), len(rows)), members)
        )
    return Results(
        campaign=campaign,
        audience=audience,
        respondents=counts["respondents"],
        expected=counts["expected"],
        items=rows,
        distribution=distribution,
    )


@dataclass
class OfficeProgress:
    office_id: int
    office_name: str
    office_sheet: Sheet | None
    operators: int
    operators_submitted: int

    @property
    def done(self) -> bool:
        return (
            self.office_sheet is not None
            and self.office_sheet.status == SheetStatus.SUBMITTED
            and self.operators == self.operators_submitted
        )


def progress(campaign: Campaign, user) -> list[OfficeProgress]:
    """Per office the user may see: the office sheet's status and how many of its
    operators have submitted."""
    sheets = Sheet.objects.filter(campaign=campaign).select_related("office").visible_to(user)
    office_sheets = {s.office_id: s for s in sheets.filter(audience=Audience.OFFICE)}
    operator_counts = {
        row["office"]: row
        for row in sheets.filter(audience=Audience.OPERATOR)
        .values("office")
        .annotate(total=Count("pk"), submitted=Count("pk", filter=Q(status=SheetStatus.SUBMITTED)))
    }
    names = {s.office_id: (s.office.code, s.office.name) for s in office_sheets.values()}
    for row in (
        sheets.filter(audience=Audience.OPERATOR)
        .values("office", "office__code", "office__name")
        .distinct()
    ):
        names.setdefault(row["office"], (row["office__code"], row["office__name"]))
    return [
        OfficeProgress(
            office_id=office_id,
            office_name=name,
            office_sheet=office_sheets.get(office_id),
            operators=operator_counts.get(office_id, {}).get("total", 0),
            operators_submitted=operator_counts.get(office_id, {}).get("submitted", 0),
        )
        for office_id, (_code, name) in sorted(names.items(), key=lambda kv: kv[1][0])
    ]


def who_did_not_comply(campaign: Campaign, item: ChecklistItem) -> QuerySet[Answer]:
    """The submitted answers that did not comply with ``item``: the drill-down to who."""
    return (
        Answer.objects.filter(
            sheet__campaign=campaign,
            sheet__status=SheetStatus.SUBMITTED,
            item=item,
            result=Result.NONCOMPLIANT,
        )
        .select_related("sheet", "sheet__office", "sheet__staff")
        .order_by("sheet__office__code", "sheet__staff__employee_number")
    )


def unanswered(campaign: Campaign) -> dict[int, list[Sheet]]:
    """Per office, the sheets of an open campaign not yet submitted (for the reminders)."""
    result: dict[int, list[Sheet]] = defaultdict(list)
    for sheet in (
        Sheet.objects.filter(campaign=campaign)
        .exclude(status=SheetStatus.SUBMITTED)
        .select_related("office", "office__head", "office__head__user", "staff")
        .order_by("office__code", "audience", "staff__employee_number")
    ):
        result[sheet.office_id].append(sheet)
    return result


# --- audits ------------------------------------------------------------------------------


def office_items(audit) -> QuerySet[ChecklistItem]:
    """The office checklist items an audit examines: the latest version up to its year."""
    checklist = (
        Checklist.objects.filter(audience=Audience.OFFICE, fiscal_year__lte=audit.plan.fiscal_year)
        .order_by("-fiscal_year", "-version")
        .first()
    )
    if checklist is None:
        return ChecklistItem.objects.none()
    return checklist.items.order_by("number")


def visible_audits(user) -> QuerySet[Audit]:
    return Audit.objects.select_related("plan", "office").visible_to(user)


def visible_findings(user) -> QuerySet[Finding]:
    return Finding.objects.select_related(
        "audit", "audit__plan", "office", "owner", "item", "notice", "improvement_plan"
    ).visible_to(user)


def visible_notices(user) -> QuerySet:
    """Every notice for those who see every office; an office's own notices (addressed to
    it) for its office-scoped roles."""
    return (
        Notice.objects.select_related("office", "audit", "corrects", "issued_by")
        .defer("pdf")
        .visible_to(user)
    )


def overdue_findings(queryset: QuerySet[Finding], on=None) -> QuerySet[Finding]:
    """Findings still in progress after their due date: the queryset form of
    ``Finding.is_overdue`` (``FINDINGS_IN_PROGRESS`` and ``fiscal.overdue_filter``)."""
    return queryset.filter(status__in=FINDINGS_IN_PROGRESS, **fiscal.overdue_filter(on=on))


def findings_to_remind(on, days_ahead) -> QuerySet[Finding]:
    """The notified findings an office head is reminded of on ``on``: overdue, or still in
    progress and due exactly ``days_ahead`` days later (settings.REMINDER_DAYS)."""
    notified = Finding.objects.filter(notice__isnull=False)
    due_soon = [on + dt.timedelta(days=d) for d in days_ahead]
    return overdue_findings(notified, on) | notified.filter(
        status__in=FINDINGS_IN_PROGRESS, due_on__in=due_soon
    )


# --- the access log ----------------------------------------------------------------------


def access_findings(
    *, review: str, rule: str | None = None, office_id: int | None = None, start=None, end=None
) -> QuerySet[AccessFinding]:
    """What the reconciliation raised, by review state, rule, office and period."""
    found = AccessFinding.objects.select_related("office", "card", "terminal", "staff").filter(
        review=review
    )
    if rule:
        found = found.filter(rule=rule)
    if office_id is not None:
        found = found.filter(office_id=office_id)
    if start:
        found = found.filter(day__gte=start)
    if end:
        found = found.filter(day__lte=end)
    return found.order_by("-day", "rule", "pk")


def access_finding_records(finding: AccessFinding) -> QuerySet[AccessRecord]:
    """The look-ups behind an access-log finding, in time order."""
    return AccessRecord.objects.filter(accessfindingrecord__finding=finding).order_by("at")


def lost_card_incidents() -> QuerySet[Incident]:
    """The incidents of the cards lost, newest first: whose look-ups are to be reviewed."""
    return (
        Incident.objects.filter(card__status=CardStatus.LOST)
        .select_related("card", "office")
        .order_by("-opened_on")
    )


def lost_card_access_since(incident) -> dt.date:
    """The first day the review of a lost card goes through: the day its card was last
    seen (or confirmed in hand, or issued), else the day the incident was opened. The one
    rule, read by the review page and by the conclusion recorded on the timeline."""
    card = incident.card
    if card is None:
        return incident.last_seen_on or incident.opened_on
    return incident.last_seen_on or card.last_confirmed_on or card.issued_on or incident.opened_on


def lost_card_access(incident, until: dt.date | None = None):
    """Every look-up with the incident's card since it was last confirmed in hand (or last
    seen, or issued) (``lost_card_access_since``), up to the end of ``until`` when given:
    what the review of a lost card goes through."""
    card = incident.card
    if card is None:
        return AccessRecord.objects.none()
    found = AccessRecord.objects.filter(
        card=card, at__gte=fiscal.day_start(lost_card_access_since(incident))
    )
    if until is not None:
        found = found.filter(at__lt=fiscal.day_start(until, days=1))
    return found.select_related("terminal").order_by("at")
