"""The demo's rhythm: Working Out Loud Week in its third day, with answers from the first two,
and a few entries in Maya's private journal. Built through the services, then backdated."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Permission
from django.utils import timezone

from workaloud.campaigns.services import create_from_template
from workaloud.people.models import User
from workaloud.reflection.services import create_entry
from workaloud.work.models import WorkUpdate
from workaloud.work.services import create_update

# (person, day of the week 1 or 2, answer)
ANSWERS = [
    (
        "grace",
        1,
        "Most of my closest colleagues I have met in person twice. What made us close "
        "was the small stuff: a quick answer on a Friday, a link sent because it made them think "
        "of me.",
    ),
    (
        "tomasz",
        1,
        "I only notice how much I rely on people in other offices when they are on "
        "holiday. This week I'll tell two of them what their help made possible.",
    ),
    (
        "sofia",
        1,
        "My relationships at work grew from questions I asked in the open channel, not "
        "from meetings.",
    ),
    (
        "kwame",
        2,
        "Sharing the half-done troubleshooting guide brought three people I had never "
        "spoken to. Two of them are now reviewing every chapter.",
    ),
    (
        "elise",
        2,
        "Showing the checkout sketches before they were ready felt exposed. The "
        "feedback came a week earlier than it would have otherwise.",
    ),
    (
        "jonas",
        2,
        "A colleague in Munich saw my stretch-assignment draft and asked to pilot it. "
        "Unfinished work is an invitation.",
    ),
]
JOURNAL = [
    (
        20,
        "What is the purpose of my work?",
        "I help people find each other so that nobody has "
        "to work out the hard things alone. The circles are the means, not the goal.",
    ),
    (
        9,
        "",
        "Matching took an evening instead of a week. Next round I want the people who were "
        "left out last time to be the first ones placed.",
    ),
    (
        2,
        "",
        "Amara has missed two meetings. Write to her: not to chase, just to say we kept her seat.",
    ),
]


def load_demo_rhythm(now: dt.datetime) -> None:
    today = timezone.localdate(now)
    maya = User.objects.get(username="maya")
    maya.user_permissions.add(Permission.objects.get(codename="run_campaigns"))
    maya = User.objects.get(pk=maya.pk)  # a fresh permission cache
    week = create_from_template(maya, starts_on=today - dt.timedelta(days=2))
    for username, day, body in ANSWERS:
        on = week.starts_on + dt.timedelta(days=day - 1)
        update = create_update(
            User.objects.get(username=username), body=body, campaign=week, campaign_day=on
        )
        shared = dt.datetime.combine(on, dt.time(11, 0), tzinfo=dt.UTC)
        WorkUpdate.objects.filter(pk=update.pk).update(created_at=shared, published_at=shared)
    for days_ago, prompt, text in JOURNAL:
        entry_text = f"> {prompt}\n\n{text}" if prompt else text
        create_entry(maya, entry_text, written_on=today - dt.timedelta(days=days_ago))
