from django.urls import path

from . import views

urlpatterns = [
    path("history/", views.history, name="history"),
    path("history/<int:log_id>/download/", views.call_download, name="call_download"),
    path("credentials/<int:credential_id>/test/", views.credential_test, name="credential_test"),
]
