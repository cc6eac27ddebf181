from django.urls import path

from . import views

app_name = "cards"

urlpatterns = [
    path("", views.card_list, name="card_list"),
    path("<int:pk>/", views.card_detail, name="card_detail"),
    path("<int:pk>/reclaim/", views.card_reclaim, name="card_reclaim"),
    path("<int:pk>/lost/", views.card_report_lost, name="card_report_lost"),
    path("reclaims/", views.reclaims, name="reclaims"),
    path("reclaims/staff/<int:staff_pk>/", views.staff_reclaim_all, name="staff_reclaim_all"),
    path("passwords/", views.passwords, name="passwords"),
    path("ledger/", views.ledger, name="ledger"),
    path("receipts/<int:event_pk>/", views.issue_receipt, name="issue_receipt"),
    path("rosters/", views.roster_list, name="roster_list"),
    path("rosters/open/", views.roster_open, name="roster_open"),
    path("rosters/<int:pk>/", views.roster_detail, name="roster_detail"),
    path("rosters/<int:pk>/designate/", views.roster_designate, name="roster_designate"),
    path(
        "rosters/<int:pk>/undesignate/<int:staff_pk>/",
        views.roster_undesignate,
        name="roster_undesignate",
    ),
    path("rosters/<int:pk>/submit/", views.roster_submit, name="roster_submit"),
    path("rosters/<int:pk>/withdraw/", views.roster_withdraw, name="roster_withdraw"),
    path("incidents/<int:pk>/report/", views.incident_report, name="incident_report"),
    path("inventory/", views.inventory, name="inventory"),
    path("inventory/items/<int:item_pk>/", views.inventory_confirm, name="inventory_confirm"),
]
