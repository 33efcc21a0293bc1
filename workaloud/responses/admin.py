from django.contrib import admin

from workaloud.audience import Audience
from workaloud.responses.models import HelpCredit, Response

# Responses on a circle's updates, and help credited there, are the circle's members' alone.


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author", "kind", "update", "created_at")
    list_filter = ("kind",)
    search_fields = ("body", "author__username")
    raw_id_fields = ("author", "update", "parent")

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(update__audience=Audience.CIRCLE)


@admin.register(HelpCredit)
class HelpCreditAdmin(admin.ModelAdmin):
    list_display = ("helper", "update", "created_at")
    raw_id_fields = ("helper", "update", "response")

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(update__audience=Audience.CIRCLE)
