from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("compose/", views.compose_page, name="compose"),
    path("compose/send/", views.compose_send, name="compose_send"),
    path("compose/tour/dismiss/", views.tour_dismiss, name="tour_dismiss"),
    path("history/<int:log_id>/", views.call_detail, name="call_detail"),
    path("fields/", views.field_browser, name="field_browser"),
    path("history/<int:log_id>/csv/<int:index>/", views.call_csv, name="call_csv"),
]
