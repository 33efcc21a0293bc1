"""Small helpers shared by the HTML views."""

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field if the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message if target else f"{field}: {message}")
    else:
        for message in error.messages:
            form.add_error(None, message)


def get_visible_or_404(queryset, **lookup):
    """One row of a visibility-filtered queryset, or 404 (the same for hidden or absent)."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404("Not found, or not shared with you.")
    return obj
