from django.contrib import admin

from workaloud.campaigns.models import Campaign, CampaignDay


class CampaignDayInline(admin.TabularInline):
    model = CampaignDay
    extra = 0
    fields = ("date", "title", "prompt")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Campaigns in outline; create and edit them on the campaign pages, which check the
    rules (dates, one prompt a day, no overlap)."""

    list_display = ("name", "theme", "starts_on", "ends_on")
    search_fields = ("name", "theme")
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = [CampaignDayInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
