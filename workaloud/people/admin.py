from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from workaloud.people.models import ApiToken, Follow, User


@admin.register(User)
class MemberAdmin(UserAdmin):
    list_display = (
        "username",
        "display_name",
        "team",
        "email",
        "is_active",
        "is_staff",
        "date_joined",
    )
    list_filter = ("is_active", "is_staff", "department", "team")
    search_fields = ("username", "display_name", "email", "team", "purpose")
    fieldsets = UserAdmin.fieldsets + (
        (
            "Profile",
            {
                "fields": (
                    "display_name",
                    "bio",
                    "team",
                    "department",
                    "location",
                    "timezone",
                    "languages",
                    "purpose",
                )
            },
        ),
    )
    actions = ["deactivate", "reactivate"]

    @admin.action(
        description="Deactivate: they can no longer log in and disappear from the community"
    )
    def deactivate(self, request, queryset):
        count = queryset.exclude(pk=request.user.pk).update(is_active=False)
        self.message_user(request, f"Deactivated {count} member(s).", messages.SUCCESS)

    @admin.action(description="Reactivate")
    def reactivate(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(request, f"Reactivated {count} member(s).", messages.SUCCESS)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("follower", "followed", "created_at")
    raw_id_fields = ("follower", "followed")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "hint")
    raw_id_fields = ("user",)
