"""Each person's profile text: what they are for and what they know.

Built only from what the whole community may see (the purpose statement, goals shared with
everyone, updates shared with everyone and the responses on them), newest first. So a
profile can rank anyone for any viewer without carrying what that viewer may not read; the
evidence shown beside a recommendation is still gathered per viewer (``evidence.py``).
"""

from __future__ import annotations

import hashlib

#: Items (goals, updates, responses) a profile keeps, newest first, and its length cap.
PROFILE_ITEMS = 60
PROFILE_CHARS = 20_000
#: Items are separated by a blank line: the embedding method embeds each separately.
SEPARATOR = "\n\n"


def profile_text(purpose: str = "", goals: list[str] = (), items: list[str] = ()) -> str:
    """The text of one profile from its parts (``items``: updates and answers, newest first)."""
    parts = [p.strip() for p in (purpose, *goals, *list(items)[:PROFILE_ITEMS]) if p and p.strip()]
    text = SEPARATOR.join(" ".join(p.split()) for p in parts)
    return text[:PROFILE_CHARS]


def update_text(
    body: str, ask: str = "", whats_next: str = "", why: str = "", goal: str = ""
) -> str:
    """The words of one update (or ask) that say what it is about."""
    return " ".join(part for part in (goal, body, why, whats_next, ask) if part)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]
