from django.urls import path

from . import views

app_name = "terminals"

urlpatterns = [
    path("usage/", views.usage_list, name="usage_list"),
    path("usage/new/", views.usage_new, name="usage_new"),
    path("usage/<int:pk>/", views.usage_detail, name="usage_detail"),
    path("<int:pk>/label/", views.terminal_label, name="terminal_label"),
    path("plan/", views.placement_plan, name="placement_plan"),
    path("registers/", views.registers, name="registers"),
    path("registers/room/", views.room_entry, name="room_entry"),
    path("registers/room/<int:pk>/exit/", views.room_exit, name="room_exit"),
    path("registers/keys/", views.key_take, name="key_take"),
    path("registers/keys/<int:pk>/return/", views.key_return, name="key_return"),
    path("registers/media/", views.media_new, name="media_new"),
    path("registers/media/<int:pk>/handover/", views.media_handover, name="media_handover"),
    path(
        "registers/media/<int:pk>/request/",
        views.media_request_disposal,
        name="media_request_disposal",
    ),
    path(
        "registers/media/<int:pk>/approve/",
        views.media_approve_disposal,
        name="media_approve_disposal",
    ),
    path("registers/media/<int:pk>/dispose/", views.media_dispose, name="media_dispose"),
    path("registers/checks/", views.daily_check, name="daily_check"),
]
