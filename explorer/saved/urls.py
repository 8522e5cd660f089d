from django.urls import path

from . import views

urlpatterns = [
    path("saved/", views.saved_list, name="saved_list"),
    path("saved/new/", views.saved_create, name="saved_create"),
    path("saved/export/", views.saved_export, name="saved_export"),
    path("saved/import/", views.saved_import, name="saved_import"),
    path("saved/folders/", views.folder_create, name="folder_create"),
    path("saved/folders/<int:folder_id>/", views.folder_rename, name="folder_rename"),
    path("saved/folders/<int:folder_id>/delete/", views.folder_delete, name="folder_delete"),
    path("saved/variables/", views.variable_set, name="variable_set"),
    path("saved/variables/delete/", views.variable_delete, name="variable_delete"),
    path("saved/<int:saved_id>/", views.saved_detail, name="saved_detail"),
    path("saved/<int:saved_id>/update/", views.saved_update, name="saved_update"),
    path("saved/<int:saved_id>/edit/", views.saved_edit, name="saved_edit"),
    path("saved/<int:saved_id>/duplicate/", views.saved_duplicate, name="saved_duplicate"),
    path("saved/<int:saved_id>/delete/", views.saved_delete, name="saved_delete"),
]
