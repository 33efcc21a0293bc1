"""Demo introductions: one waiting for Maya's answer, one she made that both accepted."""

from workaloud.introductions.services import answer, introduce
from workaloud.people.models import User


def load_demo_introductions() -> int:
    people = {u.username: u for u in User.objects.filter(username__in=["tomasz", "maya", "devraj"])}
    introduce(
        people["tomasz"],
        "maya",
        "amara",
        "Maya, Amara is studying how new starters find help in their first month: "
        "your circle stories are exactly her question. Amara, Maya runs our WOL circles.",
    )
    made = introduce(
        people["maya"],
        "devraj",
        "ruth",
        "You both mentor apprentices and both asked about pairing rotas last month: "
        "an hour together could save you each a week.",
    )
    answer(people["devraj"], made.pk, accept=True)
    answer(User.objects.get(username="ruth"), made.pk, accept=True)
    return 2
