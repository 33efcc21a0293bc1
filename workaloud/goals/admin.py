from django.contrib import admin

from workaloud.goals.models import Goal


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "status", "audience", "target_date")
    list_filter = ("status", "audience")
    search_fields = ("title", "why", "owner__username")
    raw_id_fields = ("owner",)
