from django.contrib import admin

from workaloud.responses.models import HelpCredit, Response


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author", "kind", "update", "created_at")
    list_filter = ("kind",)
    search_fields = ("body", "author__username")
    raw_id_fields = ("author", "update", "parent")


@admin.register(HelpCredit)
class HelpCreditAdmin(admin.ModelAdmin):
    list_display = ("helper", "update", "created_at")
    raw_id_fields = ("helper", "update", "response")
