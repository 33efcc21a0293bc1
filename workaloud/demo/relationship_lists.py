"""Maya's relationship list for her circles goal: members and one outside person, rated over
the weeks, so the list shows how closeness grew and where it disagrees with the ledger."""

from datetime import datetime, timedelta

from workaloud.goals.models import Goal
from workaloud.people.models import User
from workaloud.relationship_lists.models import Direction
from workaloud.relationship_lists.services import add_person, rate

GOAL_TITLE = "Launch three new Working Out Loud circles before the summer break"

# (member, or None and an outside name and what they are; direction; note;
#  ratings as (weeks ago, value, note))
ENTRIES = [
    (
        "lena",
        ("", ""),
        Direction.BOTH,
        "Hosts a circle already; could co-host a new one and check my guide.",
        [(5, 2, "We met at the kick-off."), (3, 3, ""), (1, 4, "She read my draft twice.")],
    ),
    (
        "ruth",
        ("", ""),
        Direction.THEY_HELP_ME,
        "Knows which teams have new starters waiting for a circle.",
        [(4, 1, ""), (1, 3, "Two good calls about the waiting list.")],
    ),
    (
        "devraj",
        ("", ""),
        Direction.I_HELP_THEM,
        "Wants to start a circle for the apprentices he mentors.",
        [(2, 1, "We have only talked in comments.")],
    ),
    (
        None,
        ("Sam Whitfield", "ran WOL circles at her last company"),
        Direction.THEY_HELP_ME,
        "Ask how she kept circles going past week six.",
        [(3, 1, "One email so far."), (1, 2, "")],
    ),
]


def load_demo_lists(now: datetime) -> int:
    maya = User.objects.get(username="maya")
    goal = Goal.objects.get(owner=maya, title=GOAL_TITLE)
    people = {
        u.username: u for u in User.objects.filter(username__in=[e[0] for e in ENTRIES if e[0]])
    }
    for username, (outside_name, outside_about), direction, note, ratings in ENTRIES:
        entry = add_person(
            maya,
            goal,
            people.get(username),
            outside_name=outside_name,
            outside_about=outside_about,
            direction=direction,
            note=note,
        )
        for weeks_ago, value, rating_note in ratings:
            rate(maya, entry, value, rating_note, rated_at=now - timedelta(weeks=weeks_ago))
    return len(ENTRIES)
