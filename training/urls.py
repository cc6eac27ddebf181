from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("rates/", views.rates, name="rates"),
    path("rates/<int:office_pk>/", views.office_rate, name="office_rate"),
    path("reeducation/", views.reeducation, name="reeducation"),
]
