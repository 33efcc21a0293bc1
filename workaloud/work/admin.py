from django.contrib import admin, messages
from django.utils import timezone

from workaloud.audience import Audience
from workaloud.work.models import WorkUpdate, WorkUpdateRevision

# A circle's updates are its members' alone: administrators never see them here either (no
# row, no change page, no search hit), as if they did not exist.


class RevisionInline(admin.TabularInline):
    model = WorkUpdateRevision
    extra = 0
    can_delete = False
    readonly_fields = ("body", "stage", "ask", "audience", "replaced_at")
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(audience=Audience.CIRCLE)


@admin.register(WorkUpdate)
class WorkUpdateAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "author",
        "stage",
        "audience",
        "ask_status",
        "published_at",
        "hidden_at",
        "deleted_at",
    )
    list_filter = ("stage", "audience", "ask_status", ("hidden_at", admin.EmptyFieldListFilter))
    search_fields = ("body", "ask", "author__username", "author__display_name")
    raw_id_fields = ("author", "goal")
    readonly_fields = (
        "body_html",
        "created_at",
        "published_at",
        "edited_at",
        "deleted_at",
        "hidden_at",
    )
    inlines = [RevisionInline]
    actions = ["hide", "unhide"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(audience=Audience.CIRCLE)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "audience" in form.base_fields:  # an administrator can't move an update into a circle
            field = form.base_fields["audience"]
            field.choices = [c for c in field.choices if c[0] != Audience.CIRCLE]
        return form

    @admin.action(description="Hide from everyone (moderation)")
    def hide(self, request, queryset):
        count = queryset.filter(hidden_at__isnull=True).update(hidden_at=timezone.now())
        self.message_user(request, f"Hid {count} update(s).", messages.SUCCESS)

    @admin.action(description="Show again")
    def unhide(self, request, queryset):
        count = queryset.update(hidden_at=None)
        self.message_user(request, f"{count} update(s) visible again.", messages.SUCCESS)
