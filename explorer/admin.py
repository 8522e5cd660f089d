"""Admin: credentials show only their fingerprint; token and secret are not part of any admin form."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .accounts.crypto import decryption_skipped
from .models import CallLog, Credential, FetchJob, Invite, Membership, Workspace


class UndecryptedDeleteMixin:
    """Deleting never decrypts: a credential no configured key opens must not break the delete pages.

    The confirmation page collects related objects with select_related, which loads every column (the
    deferred querysets below do not reach it), and lists them by label only; the delete itself needs
    just the keys.
    """

    def get_deleted_objects(self, objs, request):
        with decryption_skipped():
            return super().get_deleted_objects(objs, request)

    def delete_model(self, request, obj):
        with decryption_skipped():
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with decryption_skipped():
            super().delete_queryset(request, queryset)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class ExplorerUserAdmin(UndecryptedDeleteMixin, UserAdmin):
    """Django's user admin; deleting a user deletes their credentials without decrypting them."""


@admin.register(Credential)
class CredentialAdmin(UndecryptedDeleteMixin, admin.ModelAdmin):
    list_display = ("label", "user", "api_url", "token_hint", "read_only", "last_used_at", "last_tested_at")
    list_filter = ("read_only", "hmac_version")
    search_fields = ("label", "user__username")
    exclude = ("token", "secret")
    readonly_fields = ("user", "token_hint", "secrets_set_at", "created_at", "last_used_at", "last_tested_at",
                       "last_test_ok", "last_test_errorcode", "last_test_message", "last_test_skew")

    def get_queryset(self, request):
        # Lists and forms never need the plaintext; deferring also keeps a wrong key from breaking the admin.
        return super().get_queryset(request).defer("token", "secret")

    def has_add_permission(self, request):
        return False  # a credential is entered by its owner, who alone may know the secret


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ("name", "personal_for", "created_at")
    search_fields = ("name",)
    inlines = [MembershipInline]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    list_display = ("workspace", "role", "created_by", "created_at", "expires_at", "accepted_at", "accepted_by")
    exclude = ("token_hash",)
    readonly_fields = ("workspace", "role", "created_by", "created_at", "expires_at", "accepted_at", "accepted_by")

    def has_add_permission(self, request):
        return False  # the link is shown once to the owner who creates it on the workspace page


@admin.register(CallLog)
class CallLogAdmin(admin.ModelAdmin):
    list_display = ("started_at", "user", "workspace", "credential", "origin", "status", "errorcode", "duration_ms")
    list_filter = ("status", "origin")

    def get_queryset(self, request):
        # The credential shows as its label: decrypting every row's token and secret would be wasted work,
        # and a missing key would break the call log too.
        return (super().get_queryset(request).select_related("user", "workspace", "credential")
                .defer("credential__token", "credential__secret"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FetchJob)
class FetchJobAdmin(admin.ModelAdmin):
    """Read-only: a job is started from the composer and run by the worker; support may look, not change."""

    list_display = ("created_at", "owner", "resourcetype", "format", "status", "records", "cntabsolute")
    list_filter = ("status", "format")
    exclude = ("file_path",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
