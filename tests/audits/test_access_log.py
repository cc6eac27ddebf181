"""The access log: a documented CSV imported all or nothing, once per file, and reconciled
against the card ledger, the holders, the usage log and the working hours."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from audits import services
from audits.access_log import access_log_import, reconcile
from audits.choices import AccessRule, Review
from audits.models import AccessFinding, AccessRecord
from cards import services as card_services
from cards.models import Incident
from juki_admin.choices import StaffStatus
from juki_admin.errors import DomainError
from juki_admin.services import staff_change_status
from terminals.models import Terminal
from training.selectors import reeducation_due

from ..cards.conftest import issue_to_group
from ..factories import CardFactory, OperatorGroupFactory, StaffFactory, accepted_roster, add_member

pytestmark = pytest.mark.django_db
D = dt.date
HEADER = "timestamp,terminal,card,operator_id,operation,records\n"


def csv_file(*rows, header=HEADER, encoding="utf-8"):
    return io.BytesIO((header + "".join(r + "\n" for r in rows)).encode(encoding))


def use(at, card="C-OP1", terminal="T-S02-01", records=1):
    return f"{at},{terminal},{card},,検索,{records}"


@pytest.fixture
def setup(operator_user, terminal, sysadmin, set_today):
    """The operator of 東葛飾旅券事務所 with card C-OP1 (issued 2010-05-01) and terminal
    T-S02-01; today is 2026-11-30."""
    set_today(D(2026, 11, 30))
    return operator_user


def findings(rule):
    return AccessFinding.objects.filter(rule=rule)


def test_a_file_is_imported_whole_and_once(setup, sysadmin):
    data = csv_file(use("2026-11-26T10:00:00+09:00"), use("2026-11-26T10:05:00+09:00", records=3))
    report = access_log_import(stream=data, name="a.csv", actor=sysadmin)
    assert report.ok and report.rows == 2
    record = AccessRecord.objects.order_by("at").first()
    assert record.card.serial == "C-OP1" and record.terminal.asset_number == "T-S02-01"
    again = access_log_import(
        stream=csv_file(
            use("2026-11-26T10:00:00+09:00"), use("2026-11-26T10:05:00+09:00", records=3)
        ),
        name="a-copy.csv",
        actor=sysadmin,
    )
    assert again.duplicate_of == report.file and AccessRecord.objects.count() == 2


def test_bad_rows_change_nothing_and_are_named_by_line(setup, sysadmin):
    data = csv_file(
        use("2026-11-26T10:00:00+09:00"),
        use("2026-11-26 10:00:00"),  # no offset
        "2026-11-26T10:00:00+09:00,T-S02-01,,,検索,1",  # neither card nor operator ID
        use("2026-11-26T10:00:00+09:00", records="-1"),
    )
    report = access_log_import(stream=data, name="bad.csv", actor=sysadmin)
    assert not report.ok
    assert [(e.line, e.message) for e in report.errors] == [
        (3, "日時が時差付きのISO 8601形式（2026-11-26T09:15:02+09:00）ではありません"),
        (4, "カード番号も操作者IDもありません"),
        (5, "件数が0以上の整数ではありません"),
    ]
    no_such_day = csv_file(
        use("2026-11-26T10:00:00+09:00"),
        use("2026-02-30T10:00:00+09:00"),  # no such day
        use("2026-11-26T10:00:00+09:00"),
        use("2026-1O-26T10:00:00+09:00"),  # a letter O for a zero: the shape, not the digits
        use('"2026-11-26T10:00:00,5+09:00"'),  # a decimal comma (quoted)
        use("2026-11-26T10:00:00+23:59"),  # no such offset
        # what PostgreSQL's cast would read as another time, or as no time at all
        use("2026-11-26T09:15:02 JST+09"),
        use("2026-11-26T09:15:02 PM+09:00"),
        use("2026-11-26T09:15:02z+09:00"),
        use("2026-11-26T09:15:02 BC+09"),
        use("２０２６-11-26T09:15:02+09:00"),  # full-width digits
        use("9999-12-31T23:00:00+09:00"),  # years no reconciliation can reach
        use("0001-01-01T00:30:00+09:00"),
        use("2026-11-26T24:00:00+09:00"),  # the next day's midnight, as PostgreSQL reads it
        use("2026-11-26T23:59:60+09:00"),  # a leap second
    )
    report = access_log_import(stream=no_such_day, name="feb30.csv", actor=sysadmin)
    assert [e.line for e in report.errors] == [3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    assert AccessRecord.objects.count() == 0


def test_a_file_without_the_columns_it_needs_is_refused_on_its_first_line(setup, sysadmin):
    report = access_log_import(
        stream=csv_file("2026-11-26T10:00:00+09:00,検索", header="日時,処理\n"),
        name="columns.csv",
        actor=sysadmin,
    )
    assert [(e.line, e.column, e.message) for e in report.errors] == [
        (1, "terminal", "列がありません。"),
        (1, "records", "列がありません。"),
        (1, "card", "カード番号か操作者IDの列が必要です。"),
    ]
    empty = access_log_import(stream=io.BytesIO(b""), name="empty.csv", actor=sysadmin)
    assert [(e.line, e.message) for e in empty.errors] == [(1, "ファイルが空です。")]
    assert AccessRecord.objects.count() == 0


def test_codes_typed_full_width_are_read_as_registered(setup, sysadmin):
    """A file with a code that is not ASCII is normalised (NFKC) before the look-ups; a file
    of ASCII codes skips that work and reads the same."""
    data = csv_file(
        use("2026-11-26T10:00:00+09:00", card="Ｃ－ＯＰ１", terminal=" T-S02-01 "),
        use("2026-11-26T10:01:00+09:00"),
    )
    report = access_log_import(stream=data, name="wide.csv", actor=sysadmin)
    assert report.ok, report.errors
    assert {(r.card_code, r.card.serial, r.terminal_code) for r in AccessRecord.objects.all()} == {
        ("C-OP1", "C-OP1", "T-S02-01")
    }


def test_japanese_headers_in_any_order_and_cp932(setup, sysadmin):
    header = "件数,カード番号,日時,端末機番号,処理,操作者ID\n"
    data = csv_file(
        "2,C-OP1,2026-11-26T10:00:00+09:00,T-S02-01,照会,", header=header, encoding="cp932"
    )
    report = access_log_import(stream=data, name="sjis.csv", actor=sysadmin)
    assert report.ok and AccessRecord.objects.get().records == 2


def test_a_retired_holders_card_used_the_day_after_retirement(setup, sysadmin):
    staff_change_status(
        staff=setup.staff,
        status=StaffStatus.RETIRED,
        effective_date=D(2026, 11, 24),
        actor=sysadmin,
        reason="退職",
    )
    access_log_import(
        stream=csv_file(
            use("2026-11-20T10:00:00+09:00"),  # before: the holder is not away yet
            use("2026-11-24T10:00:00+09:00"),
            use("2026-11-25T10:00:00+09:00"),
        ),
        name="r.csv",
        actor=sysadmin,
    )
    reconcile(start=D(2026, 11, 20), end=D(2026, 11, 30), actor=sysadmin)
    (finding,) = findings(AccessRule.HOLDER_AWAY).filter(day=D(2026, 11, 25))
    assert finding.staff == setup.staff and finding.count == 1
    assert finding.office.code == "S02"
    assert not findings(AccessRule.HOLDER_AWAY).filter(day__lt=D(2026, 11, 24)).exists()


def test_a_period_that_ends_before_it_starts_is_refused(setup, sysadmin):
    with pytest.raises(DomainError, match="期間の終わりが始まりより前です。"):
        reconcile(start=D(2026, 11, 27), end=D(2026, 11, 26), actor=sysadmin)


def test_a_card_used_while_not_issued(setup, sysadmin, office):
    stock = CardFactory(serial="C-STOCK")
    access_log_import(
        stream=csv_file(use("2026-11-26T10:00:00+09:00", card="C-STOCK")),
        name="s.csv",
        actor=sysadmin,
    )
    reconcile(start=D(2026, 11, 26), end=D(2026, 11, 26), actor=sysadmin)
    (finding,) = findings(AccessRule.CARD_NOT_ISSUED)
    assert finding.card == stock


def test_a_group_card_used_without_a_usage_log_entry(
    setup, sysadmin, headed_office, terminal, affair
):
    office = headed_office
    from terminals import services as terminal_services

    group = OperatorGroupFactory(office=office)
    member = add_member(group, StaffFactory(office=office))
    accepted_roster(
        office, group_use=[member], group=group, fiscal_year=2026, accepted_on=D(2026, 4, 1)
    )
    card = issue_to_group(CardFactory(serial="G-1", kind="group"), group, sysadmin, D(2026, 4, 2))
    from django.utils import timezone

    start = timezone.make_aware(dt.datetime(2026, 11, 26, 9, 0))
    entry = terminal_services.usage_start(
        operator=member,
        terminal=terminal,
        card=card,
        affair=affair,
        actor=sysadmin,
        started_at=start,
    )
    terminal_services.usage_finish(
        entry=entry, lookups=1, actor=sysadmin, ended_at=start + dt.timedelta(minutes=30)
    )
    access_log_import(
        stream=csv_file(
            use("2026-11-26T09:10:00+09:00", card="G-1"),
            use("2026-11-26T11:00:00+09:00", card="G-1"),
        ),
        name="g.csv",
        actor=sysadmin,
    )
    reconcile(start=D(2026, 11, 26), end=D(2026, 11, 26), actor=sysadmin)
    (finding,) = findings(AccessRule.GROUP_WITHOUT_USAGE_LOG)
    assert finding.count == 1 and timezone.localtime(finding.first_at).hour == 11


def test_a_card_used_on_a_terminal_of_another_office(setup, sysadmin, other_office):
    Terminal.objects.create(
        asset_number="T-S01-01", office=other_office, installed_on=D(2024, 3, 1)
    )
    access_log_import(
        stream=csv_file(use("2026-11-26T10:00:00+09:00", terminal="T-S01-01")),
        name="o.csv",
        actor=sysadmin,
    )
    reconcile(start=D(2026, 11, 26), end=D(2026, 11, 26), actor=sysadmin)
    (finding,) = findings(AccessRule.OTHER_OFFICE)
    assert finding.terminal.asset_number == "T-S01-01"


def test_use_at_night_and_on_a_holiday(setup, sysadmin):
    access_log_import(
        stream=csv_file(
            use("2026-11-26T22:15:00+09:00"),  # a Thursday night
            use("2026-11-23T10:00:00+09:00"),  # 勤労感謝の日
            use("2026-11-26T12:00:00+09:00"),  # an ordinary noon
        ),
        name="h.csv",
        actor=sysadmin,
    )
    reconcile(start=D(2026, 11, 23), end=D(2026, 11, 26), actor=sysadmin)
    assert sorted(f.day for f in findings(AccessRule.OUTSIDE_HOURS)) == [
        D(2026, 11, 23),
        D(2026, 11, 26),
    ]


def test_unknown_cards_and_terminals(setup, sysadmin):
    access_log_import(
        stream=csv_file(
            use("2026-11-26T10:00:00+09:00", card="X-999"),
            use("2026-11-26T10:00:00+09:00", terminal="T-NONE"),
        ),
        name="u.csv",
        actor=sysadmin,
    )
    reconcile(start=D(2026, 11, 26), end=D(2026, 11, 26), actor=sysadmin)
    assert findings(AccessRule.UNKNOWN_CARD).get().code == "X-999"
    assert findings(AccessRule.UNKNOWN_TERMINAL).get().code == "T-NONE"


def test_running_the_reconciliation_twice_raises_nothing_new(setup, sysadmin, capsys):
    access_log_import(
        stream=csv_file(use("2026-11-26T22:15:00+09:00")), name="n.csv", actor=sysadmin
    )
    first = reconcile(start=D(2026, 11, 26), end=D(2026, 11, 26), actor=sysadmin)
    second = reconcile(start=D(2026, 11, 26), end=D(2026, 11, 26), actor=sysadmin)
    assert (first.new_findings, second.new_findings) == (1, 0)
    call_command(
        "reconcile_access_log", "--from", "2026-11-26", "--to", "2026-11-26", "--actor", "sysadmin"
    )
    assert "新たな指摘 0 件" in capsys.readouterr().out
    assert AccessFinding.objects.count() == 1


def test_a_violation_opens_an_incident_and_puts_the_operator_on_re_education(setup, sysadmin):
    access_log_import(
        stream=csv_file(use("2026-11-26T22:15:00+09:00")), name="v.csv", actor=sysadmin
    )
    reconcile(start=D(2026, 11, 26), end=D(2026, 11, 26), actor=sysadmin)
    finding = AccessFinding.objects.get()
    with pytest.raises(DomainError, match="確認のメモ"):
        services.access_finding_review(
            finding=finding, review=Review.FALSE_ALARM, note=" ", actor=sysadmin
        )
    services.access_finding_review(
        finding=finding,
        review=Review.VIOLATION,
        note="私的な照会と判明",
        actor=sysadmin,
        open_incident=True,
        reeducate=setup.staff,
    )
    finding.refresh_from_db()
    assert finding.review == Review.VIOLATION and finding.incident is not None
    assert Incident.objects.filter(pk=finding.incident_id, office__code="S02").exists()
    assert setup.staff in {v.staff for v in reeducation_due(sysadmin)}


def test_the_review_of_a_lost_cards_access_is_recorded_on_its_incident(setup, sysadmin):
    incident = card_services.card_report_lost(
        card=setup.staff.cards.get(),
        actor=sysadmin,
        last_seen_on=D(2026, 11, 20),
        on=D(2026, 11, 27),
    )
    access_log_import(
        stream=csv_file(use("2026-11-19T10:00:00+09:00"), use("2026-11-21T10:00:00+09:00")),
        name="l.csv",
        actor=sysadmin,
    )
    assert services.lost_card_access(incident).count() == 1  # since last seen
    entry = services.incident_access_conclude(
        incident=incident, conclusion="不正アクセスは確認されなかった", actor=sysadmin
    )
    assert "1 件" in entry.text and "不正アクセスは確認されなかった" in entry.text


def test_the_review_pages_are_for_the_system_administrator_and_readers(
    client, setup, sysadmin, office_head
):
    from django.urls import reverse

    access_log_import(
        stream=csv_file(use("2026-11-26T22:15:00+09:00")), name="p.csv", actor=sysadmin
    )
    reconcile(start=D(2026, 11, 26), end=D(2026, 11, 26), actor=sysadmin)
    finding = AccessFinding.objects.get()
    client.force_login(office_head)
    assert client.get(reverse("audits:access_findings")).status_code == 403
    assert (
        client.post(finding.get_absolute_url(), {"review": "false_alarm", "note": "x"}).status_code
        == 403
    )
    client.force_login(sysadmin)
    body = client.get(reverse("audits:access_findings")).content.decode()
    assert "業務時間外・休日の利用" in body
    response = client.post(
        finding.get_absolute_url(), {"review": "explained", "note": "繁忙期の残業（所属長確認済）"}
    )
    assert response.status_code == 302
    assert AccessFinding.objects.get().review == Review.EXPLAINED


def test_the_command_imports_files_and_reconciles_them(setup, sysadmin, tmp_path, capsys):
    path = tmp_path / "log.csv"
    path.write_bytes(csv_file(use("2026-11-26T22:15:00+09:00")).getvalue())
    call_command("import_access_log", str(path), "--actor", "sysadmin")
    out = capsys.readouterr().out
    assert "1 行を取り込みました" in out and "新たな指摘 1 件" in out
    call_command("import_access_log", str(path), "--actor", "sysadmin")
    assert "取込済" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file("not,a,row,at,all,x").getvalue())
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="取り込めなかったファイルがあります。"):
        call_command("import_access_log", str(bad), "--actor", "sysadmin")
    assert "2 行目" in capsys.readouterr().err


@pytest.mark.postgres  # the prefilter is PostgreSQL's: on SQLite both ways are one
def test_reading_only_the_suspect_look_ups_finds_exactly_what_reading_all_finds(
    setup, sysadmin, other_office, monkeypatch, settings
):
    """On PostgreSQL the reconciliation reads only the look-ups a rule may flag; on a file
    that breaks every rule among ordinary look-ups, the findings are the same both ways."""
    import random

    from django.db import transaction

    from audits.access_log import prefilter as suspects_prefilter

    Terminal.objects.create(
        asset_number="T-S01-01", office=other_office, installed_on=D(2024, 3, 1)
    )
    CardFactory(serial="C-STOCK")
    leaver = StaffFactory(office=setup.staff.office, name="退職 予定")
    accepted_roster(setup.staff.office, individual=[setup.staff, leaver], fiscal_year=2026)
    from ..cards.conftest import issue

    settings.TRAINING_NEW_OPERATOR_RULE = "warn"  # training is not what this test is about
    issue(CardFactory(serial="C-LEAVE"), leaver, sysadmin, on=D(2026, 4, 2))
    staff_change_status(
        staff=leaver,
        status=StaffStatus.RETIRED,
        effective_date=D(2026, 11, 25),
        actor=sysadmin,
        reason="退職",
    )
    rng = random.Random(12)
    rows = []
    for _ in range(400):
        day = D(2026, 11, rng.randint(20, 28))
        hour, minute = rng.choice([7, 9, 10, 12, 15, 17, 18, 22]), rng.randint(0, 59)
        rows.append(
            use(
                f"{day}T{hour:02d}:{minute:02d}:00+09:00",
                card=rng.choice(["C-OP1"] * 6 + ["C-LEAVE", "C-STOCK", "C-NONE"]),
                terminal=rng.choice(["T-S02-01"] * 6 + ["T-S01-01", "T-NONE"]),
            )
        )
    access_log_import(stream=csv_file(*rows), name="mix.csv", actor=sysadmin)

    def run(prefilter):
        monkeypatch.setattr(suspects_prefilter, "PREFILTER", prefilter)
        with transaction.atomic():
            report = reconcile(start=D(2026, 11, 20), end=D(2026, 11, 28), actor=sysadmin)
            found = sorted(
                (f.key, f.count, f.first_at, f.last_at) for f in AccessFinding.objects.all()
            )
            transaction.set_rollback(True)
        return report.records, dict(report.by_rule), found

    every, suspects = run(False), run(True)
    assert every[0] == suspects[0] == 400
    assert every == suspects
    assert set(every[1]) >= {
        AccessRule.OUTSIDE_HOURS,
        AccessRule.UNKNOWN_TERMINAL,
        AccessRule.UNKNOWN_CARD,
        AccessRule.CARD_NOT_ISSUED,
        AccessRule.HOLDER_AWAY,
        AccessRule.OTHER_OFFICE,
    }
