from django import template

from workaloud.reflection import services

register = template.Library()


@register.simple_tag(takes_context=True)
def current_reflection_prompt(context):
    """The signed-in person's prompt for this period (None when off or signed out)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return services.current_prompt(user)
