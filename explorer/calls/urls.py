from django.urls import path

from . import views

urlpatterns = [
    path("history/", views.history, name="history"),
    path("history/chart.svg", views.history_chart, name="history_chart"),
    path("history/<int:log_id>/download/", views.call_download, name="call_download"),
    path("history/<int:log_id>/diff/<int:other_id>/", views.call_diff, name="call_diff"),
    path("history/<int:log_id>/compare/", views.call_compare, name="call_compare"),
    path("credentials/<int:credential_id>/test/", views.credential_test, name="credential_test"),
]
