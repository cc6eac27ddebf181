from django.urls import path

from .views import cards, incidents, inventories, rosters
from .views.reclaims import reclaims, staff_reclaim_all

app_name = "cards"

urlpatterns = [
    path("", cards.card_list, name="card_list"),
    path("<int:pk>/", cards.card_detail, name="card_detail"),
    path("<int:pk>/reclaim/", cards.card_reclaim, name="card_reclaim"),
    path("<int:pk>/lost/", cards.card_report_lost, name="card_report_lost"),
    path("reclaims/", reclaims, name="reclaims"),
    path("reclaims/staff/<int:staff_pk>/", staff_reclaim_all, name="staff_reclaim_all"),
    path("passwords/", cards.passwords, name="passwords"),
    path("ledger/", cards.ledger, name="ledger"),
    path("receipts/<int:event_pk>/", cards.issue_receipt, name="issue_receipt"),
    path("rosters/", rosters.roster_list, name="roster_list"),
    path("rosters/open/", rosters.roster_open, name="roster_open"),
    path("rosters/<int:pk>/", rosters.roster_detail, name="roster_detail"),
    path("rosters/<int:pk>/designate/", rosters.roster_designate, name="roster_designate"),
    path(
        "rosters/<int:pk>/undesignate/<int:staff_pk>/",
        rosters.roster_undesignate,
        name="roster_undesignate",
    ),
    path("rosters/<int:pk>/submit/", rosters.roster_submit, name="roster_submit"),
    path("rosters/<int:pk>/withdraw/", rosters.roster_withdraw, name="roster_withdraw"),
    path("incidents/<int:pk>/report/", incidents.incident_report, name="incident_report"),
    path("inventory/", inventories.inventory, name="inventory"),
    path("inventory/items/<int:item_pk>/", inventories.inventory_confirm, name="inventory_confirm"),
]
