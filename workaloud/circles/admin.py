"""Circles in the admin: their outline only. Notes, check-ins, retrospectives, letters, "my
circle" updates and pool entries (with their private wishes) are the members' own and are not
registered here; organisers work in the product's pages, which show them figures."""

from django.contrib import admin
from django.db.models import Count, Q

from workaloud.circles.models import Circle, Programme, ProgrammeWeek, Round


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    list_display = ("title", "origin", "status", "language", "first_meeting_on", "members")
    list_filter = ("status", "origin", "format", "language", "round")
    search_fields = ("title",)
    fields = (
        "title",
        "origin",
        "round",
        "programme",
        "format",
        "language",
        "location",
        "timezone",
        "weekday",
        "start_time",
        "starts_on",
        "size_limit",
        "status",
    )
    readonly_fields = ("origin", "round")

    def get_queryset(self, request):
        current = Count("memberships", filter=Q(memberships__left_at__isnull=True))
        return super().get_queryset(request).annotate(member_count=current)

    @admin.display(description="members", ordering="member_count")
    def members(self, circle) -> int:
        return circle.member_count

    def has_add_permission(self, request) -> bool:
        return False  # circles are formed by members and matching, with their meetings


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("title", "starts_on", "signup_closes_on", "status")
    list_filter = ("status",)


class ProgrammeWeekInline(admin.TabularInline):
    model = ProgrammeWeek
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "is_default", "created_at")
    inlines = [ProgrammeWeekInline]
