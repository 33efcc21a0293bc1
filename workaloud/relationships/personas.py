"""Interaction personas: how a person takes part, from their give/receive balance and volume.

Pure functions of three counts over the last ``WINDOW_DAYS`` days, with no database access, so
they can be applied to a whole community at once (``classify`` is a handful of integer
comparisons). docs/generosity.md states every rule here.

- ``given``: engagement interactions the person made (ledger rows as actor, every kind except
  the awareness kinds ``follow`` and ``mention``);
- ``received``: the same, with the person as target;
- ``posts``: work updates the person published in the window (not deleted).

The rules, applied in this order:

1. **observer**: ``given + received + posts < MIN_ACTIVITY`` (rarely acts);
2. **broadcaster**: ``posts >= BROADCASTER_MIN_POSTS`` and ``given + received < posts``
   (posts, but fewer interactions either way than posts);
3. **catalyst**: ``received > IMBALANCE_RATIO × given`` (receives far more than gives);
4. **responder**: ``given > IMBALANCE_RATIO × received`` (gives far more than receives);
5. **engager**: otherwise (balanced two-way: neither side more than twice the other).
"""

from __future__ import annotations

WINDOW_DAYS = 90
#: Fewer acts than this in the window (given + received + posts) makes an observer.
MIN_ACTIVITY = 5
#: A broadcaster posted at least this many updates in the window, and had fewer interactions
#: (given + received) than updates.
BROADCASTER_MIN_POSTS = 3
#: "Far more" on one side means more than this many times the other side.
IMBALANCE_RATIO = 2

ENGAGER = "engager"
CATALYST = "catalyst"
RESPONDER = "responder"
BROADCASTER = "broadcaster"
OBSERVER = "observer"

PERSONAS: dict[str, dict[str, str]] = {
    ENGAGER: {
        "label": "Engager",
        "summary": "Balanced two-way: you give and receive in similar measure.",
    },
    CATALYST: {
        "label": "Catalyst",
        "summary": "Your work draws people in: you receive far more than you give.",
    },
    RESPONDER: {
        "label": "Responder",
        "summary": "You help others far more than they engage with you.",
    },
    BROADCASTER: {
        "label": "Broadcaster",
        "summary": "You share your work, but there is little interaction either way.",
    },
    OBSERVER: {
        "label": "Observer",
        "summary": "You rarely act: reading is fine, and one response is a good start.",
    },
}

THRESHOLDS: dict[str, int] = {
    "window_days": WINDOW_DAYS,
    "min_activity": MIN_ACTIVITY,
    "broadcaster_min_posts": BROADCASTER_MIN_POSTS,
    "imbalance_ratio": IMBALANCE_RATIO,
}

#: The rules in words, in the order they are applied (for pages, the API and the docs).
RULES: list[tuple[str, str]] = [
    (OBSERVER, f"fewer than {MIN_ACTIVITY} acts in {WINDOW_DAYS} days (given + received + posts)"),
    (
        BROADCASTER,
        f"at least {BROADCASTER_MIN_POSTS} updates posted, and fewer interactions (given + "
        "received) than updates",
    ),
    (CATALYST, f"received more than {IMBALANCE_RATIO}× what you gave"),
    (RESPONDER, f"gave more than {IMBALANCE_RATIO}× what you received"),
    (ENGAGER, f"otherwise: neither side more than {IMBALANCE_RATIO}× the other"),
]


def classify(given: int, received: int, posts: int) -> str:
    """The persona for these counts (see the module docstring for the rules)."""
    if given + received + posts < MIN_ACTIVITY:
        return OBSERVER
    if posts >= BROADCASTER_MIN_POSTS and given + received < posts:
        return BROADCASTER
    if received > IMBALANCE_RATIO * given:
        return CATALYST
    if given > IMBALANCE_RATIO * received:
        return RESPONDER
    return ENGAGER


def _article(persona: str) -> str:
    return f"an {persona}" if persona[0] in "aeiou" else f"a {persona}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} more {one if n == 1 else many}"


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


_PHRASES = {
    "given": ("response to others' work", "responses to others' work"),
    "received": ("response from others to your work", "responses from others to your work"),
    "posts": ("update about your work", "updates about your work"),
}


def _moved(given: int, received: int, posts: int, side: str, k: int) -> str:
    counts = {"given": given, "received": received, "posts": posts}
    counts[side] += k
    return classify(counts["given"], counts["received"], counts["posts"])


def steps_to_neighbours(given: int, received: int, posts: int) -> list[tuple[str, int, str]]:
    """The smallest concrete moves to a neighbouring persona: (count to raise, by how much,
    the persona it lands on). Each move raises one count only: ``given`` (your responses to
    others' work), ``received`` (others' responses to yours) or ``posts`` (your updates).
    """
    persona = classify(given, received, posts)
    interactions = given + received
    if persona == OBSERVER:
        short = MIN_ACTIVITY - (interactions + posts)
        # Responding: enough to stop being an observer, and (with several posts) a broadcaster.
        respond = max(short, posts - interactions if posts >= BROADCASTER_MIN_POSTS else 0)
        moves = [("posts", short), ("given", respond)]
    elif persona == BROADCASTER:
        moves = [("given", posts - interactions)]
    elif persona == CATALYST:
        moves = [("given", _ceil_div(received, IMBALANCE_RATIO) - given)]
    elif persona == RESPONDER:
        moves = [("received", _ceil_div(given, IMBALANCE_RATIO) - received)]
    else:  # engager: the edges on either side
        moves = [
            ("given", IMBALANCE_RATIO * received - given + 1),
            ("received", IMBALANCE_RATIO * given - received + 1),
        ]
    return [(side, max(k, 1), _moved(given, received, posts, side, max(k, 1))) for side, k in moves]


def what_it_takes(given: int, received: int, posts: int) -> str:
    """What would move these counts to a neighbouring persona, in concrete words."""
    persona = classify(given, received, posts)
    moves: dict[str, list[str]] = {}  # persona reached → the moves that reach it
    for side, k, after in steps_to_neighbours(given, received, posts):
        one, many = _PHRASES[side]
        amount = f"{k} more {one if k == 1 else many}"
        if persona == ENGAGER:
            amount += " with nothing back" if side == "given" else " with nothing given"
        moves.setdefault(after, []).append(amount)
    parts = []
    for after, amounts in moves.items():
        if len(amounts) == 1:
            parts.append(f"{amounts[0]} would make you {_article(after)}")
        else:
            parts.append(f"{', or '.join(amounts)}, would make you {_article(after)}")
    text = "; ".join(parts) + "."
    if persona == ENGAGER:
        return "You give and receive in balance: " + text
    if persona == RESPONDER:
        return text[:-1] + ": an ask in your next update invites them."
    return text[0].upper() + text[1:]
