"""The demo data of every app together, with the real settings (the training check on)."""

from django.core.management import call_command

from cards.choices import CardStatus, RosterStatus
from cards.models import Card, CardEvent, Incident, OperatorGroup, Roster


def test_seed_demo_brings_cards_groups_rosters_and_the_paper_case(client):
    card = Card.objects.get(serial="CS02900")
    assert card.status == CardStatus.LOST
    assert card.holder.status == "retired" and str(card.holder.status_date) == "2011-09-30"
    incident = Incident.objects.get(card=card)
    assert str(incident.opened_on) == "2012-04-12"
    texts = list(incident.entries.values_list("text", flat=True))
    assert any("資格停止" in t for t in texts) and any("市第254号" in t for t in texts)
    assert Roster.objects.filter(status=RosterStatus.ACCEPTED).count() >= 21
    assert OperatorGroup.objects.exists()
    assert Card.objects.filter(kind="group", status=CardStatus.ISSUED).exists()
    # ten spare cards, and two whose new operators have not attended new-operator training
    stock = set(Card.objects.filter(status=CardStatus.STOCK).values_list("serial", flat=True))
    assert stock == {f"CSTOCK{n:03d}" for n in range(1, 11)} | {"CS01029", "CS01030"}
    client.post("/login/", {"username": "head", "password": "juki-demo-2026"})
    body = client.get("/").content.decode()
    assert "CS02010" in body and "日超過" in body  # today's unreclaimed card


def test_a_second_seed_demo_adds_no_card_or_ledger_entry():
    call_command("seed_demo")
    counts = (Card.objects.count(), CardEvent.objects.count(), Roster.objects.count())
    call_command("seed_demo")
    assert (Card.objects.count(), CardEvent.objects.count(), Roster.objects.count()) == counts


def test_the_demo_placement_plan_is_the_papers_table_with_its_totals():
    from django.contrib.auth import get_user_model

    from juki_admin import demo_data
    from terminals.selectors import placement_table

    table = placement_table(2012, get_user_model().objects.get(username="sysadmin"))
    assert [line.office.name for line in table.lines] == [o.name for o in demo_data.OFFICES]
    assert table.totals == {
        "uses_last_year": 244_773,
        "terminals_now": 37,
        "uses_added": 109_032,
        "terminals_next_year": 38,
        "terminals_year_after": 42,
    }
    passport = next(line for line in table.lines if line.office.name == "東葛飾旅券事務所")
    assert (passport.uses_last_year, passport.terminals_now, passport.terminals_next_year) == (
        80_909,
        10,
        9,
    )
