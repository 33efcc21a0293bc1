"""The campaign card on the home page and the campaign tag on the share form."""

import datetime as dt

from django import template

from workaloud.campaigns import services
from workaloud.campaigns.models import Campaign

register = template.Library()


@register.inclusion_tag("campaigns/_today_card.html", takes_context=True)
def campaign_today(context):
    """Today's campaign prompt for the member (their local date), if a campaign is on."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"today": None}
    today = services.today_for(user)
    answered = False
    if today is not None and today.day is not None:
        answered = today.campaign.updates.filter(
            author=user, campaign_day=today.date, deleted_at__isnull=True
        ).exists()
    return {"today": today, "answered": answered}


@register.inclusion_tag("campaigns/_share_tag_note.html", takes_context=True)
def campaign_share_tag(context, form):
    """The hidden campaign fields of the share form, and what the update will answer."""
    campaign_field, day_field = form["campaign"], form["campaign_day"]
    campaign_id, day = campaign_field.value(), day_field.value()
    campaign = prompt = None
    if campaign_id and str(campaign_id).isdigit() and int(campaign_id) < 2**63:
        campaign = Campaign.objects.filter(pk=int(campaign_id)).first()
    if campaign is not None and day:
        if not isinstance(day, dt.date):
            try:
                day = dt.date.fromisoformat(str(day))
            except ValueError:
                day = None
        prompt = campaign.days.filter(date=day).first() if day else None
    return {
        "campaign": campaign,
        "prompt": prompt,
        "campaign_field": campaign_field,
        "day_field": day_field,
    }
