"""The review of a lost card's access log says what it rests on: the period it examined and
the number of look-ups in that same period, so that the date and the count on the incident's
timeline agree with each other and with the review page."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from audits import selectors, services
from audits.access_log import access_log_import
from cards import services as card_services
from juki_admin.errors import DomainError

pytestmark = pytest.mark.django_db
D = dt.date


def csv_file(*ats):
    """An access-log file of one look-up with card C-OP1 on T-S02-01 at each moment."""
    rows = "".join(f"{at},T-S02-01,C-OP1,,検索,1\n" for at in ats)
    return io.BytesIO(("timestamp,terminal,card,operator_id,operation,records\n" + rows).encode())


@pytest.fixture
def setup(operator_user, terminal, sysadmin, set_today):
    """The operator of 東葛飾旅券事務所 with card C-OP1 and terminal T-S02-01; today is
    2026-11-30."""
    set_today(D(2026, 11, 30))
    return operator_user


@pytest.fixture
def lost(setup, sysadmin):
    """Card C-OP1 last seen on 2026-11-20, reported lost on 2026-11-27; look-ups with it on
    11-19 (before it was last seen), 11-21, 11-25 and 11-29 (after it was reported)."""
    incident = card_services.card_report_lost(
        card=setup.staff.cards.get(),
        actor=sysadmin,
        last_seen_on=D(2026, 11, 20),
        on=D(2026, 11, 27),
    )
    access_log_import(
        stream=csv_file(
            "2026-11-19T10:00:00+09:00",
            "2026-11-21T10:00:00+09:00",
            "2026-11-25T23:59:00+09:00",
            "2026-11-29T00:00:00+09:00",
        ),
        name="lost.csv",
        actor=sysadmin,
    )
    return incident


def test_the_conclusion_counts_the_look_ups_of_the_period_ending_on_its_own_date(lost, sysadmin):
    entry = services.incident_access_conclude(
        incident=lost,
        conclusion="不正アクセスは確認されなかった",
        actor=sysadmin,
        on=D(2026, 11, 27),
    )
    assert entry.occurred_on == D(2026, 11, 27)
    assert entry.text == (
        "アクセスログを確認（令和8年11月20日から令和8年11月27日まで 2 件）："
        "不正アクセスは確認されなかった"
    )
    later = services.incident_access_conclude(
        incident=lost, conclusion="再確認", actor=sysadmin, on=D(2026, 11, 30)
    )
    assert "令和8年11月20日から令和8年11月30日まで 3 件" in later.text


def test_the_period_begins_where_the_review_page_begins_when_no_last_seen_day_is_known(
    setup,
    sysadmin,
):
    card = setup.staff.cards.get()
    incident = card_services.card_report_lost(card=card, actor=sysadmin, on=D(2026, 11, 27))
    access_log_import(
        stream=csv_file("2026-11-02T10:00:00+09:00", "2026-11-26T10:00:00+09:00"),
        name="since.csv",
        actor=sysadmin,
    )
    since = selectors.lost_card_access_since(incident)
    assert since < incident.opened_on  # the card was issued, or confirmed, long before
    entry = services.incident_access_conclude(
        incident=incident, conclusion="確認済み", actor=sysadmin, on=D(2026, 11, 27)
    )
    shown = selectors.lost_card_access(incident).count()
    assert shown == 2
    assert f"まで {shown} 件" in entry.text


def test_a_conclusion_dated_before_the_period_is_refused_and_records_nothing(lost, sysadmin):
    before = lost.entries.count()
    with pytest.raises(DomainError, match="確認する期間"):
        services.incident_access_conclude(
            incident=lost, conclusion="x", actor=sysadmin, on=D(2026, 11, 19)
        )
    assert lost.entries.count() == before


def test_the_review_page_shows_the_period_and_records_the_conclusion_on_the_timeline(
    client, lost, sysadmin
):
    client.force_login(sysadmin)
    url = reverse("audits:lost_card_review", args=[lost.pk])
    page = client.get(url).content.decode()
    assert "期間 令和8年11月20日〜" in page
    response = client.post(url, {"conclusion": "不正アクセスは確認されなかった"}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    # today is 2026-11-30: every look-up since the card was last seen, as the page lists them
    assert "令和8年11月20日から令和8年11月30日まで 3 件" in body
    assert body.count('<td class="num">1</td>') == 3
