from django.urls import path

from . import views

app_name = "audits"

urlpatterns = [
    path("self-inspections/", views.index, name="index"),
    path("self-inspections/<int:pk>/", views.campaign, name="campaign"),
    path("self-inspections/<int:pk>/results/", views.results, name="results"),
    path(
        "self-inspections/<int:pk>/results/items/<int:item_pk>/",
        views.item_detail,
        name="item_detail",
    ),
    path("sheets/<int:pk>/", views.sheet, name="sheet"),
    path("sheets/<int:pk>/submit/", views.sheet_submit, name="sheet_submit"),
]
