from django.urls import path

from . import views

app_name = "sandbox"

urlpatterns = [
    path("api/stable/api.php", views.api, name="api-stable"),
    path("api/latest/api.php", views.api, name="api-latest"),
    path("pictures/<int:estate_id>/<int:file_id>.svg", views.picture, name="picture"),
]
