from django.contrib.auth import views as auth_views
from django.urls import path

from . import sandbox_views, views

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.password_change, name="password_change"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/done/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/password/reset/complete/", views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("invite/<str:token>/", views.invite, name="invite"),
    path("credentials/", views.credentials, name="credentials"),
    path("credentials/new/", views.credential_new, name="credential_new"),
    path("credentials/<int:credential_id>/", views.credential_edit, name="credential_edit"),
    path("credentials/<int:credential_id>/delete/", views.credential_delete, name="credential_delete"),
    path("sandbox/", sandbox_views.sandbox_page, name="sandbox"),
    path("sandbox/faults/<str:api_user>/", sandbox_views.sandbox_fault, name="sandbox_fault"),
    path("sandbox/reset/", sandbox_views.sandbox_reset, name="sandbox_reset"),
    path("sandbox/credentials/", views.sandbox_credential_add, name="sandbox_credential_add"),
    path("workspaces/", views.workspaces, name="workspaces"),
    path("workspaces/switch/", views.workspace_switch, name="workspace_switch"),
    path("workspaces/<int:workspace_id>/", views.workspace, name="workspace"),
    path("workspaces/<int:workspace_id>/leave/", views.workspace_leave, name="workspace_leave"),
    path("workspaces/<int:workspace_id>/invites/", views.invite_create, name="invite_create"),
    path("workspaces/<int:workspace_id>/invites/<int:invite_id>/revoke/", views.invite_revoke,
         name="invite_revoke"),
    path("workspaces/<int:workspace_id>/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("workspaces/<int:workspace_id>/members/<int:membership_id>/remove/", views.member_remove,
         name="member_remove"),
]
