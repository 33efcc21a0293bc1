"""A generated Slack workspace export, laid out as Slack writes it, for the import benchmark
and the interrupted-import tests.

    .venv/bin/python bench/imports_generate.py out.zip --messages 1000000 --channels 500

Deterministic for a seed. Each channel has its own members (a team of about 40, plus a few
from elsewhere), so the imported network has communities. Of the messages: about a third are
thread replies (``thread_ts`` and ``parent_user_id``), one in eight mentions someone, one in
five has reactions (1–3 people), one in a hundred is a bot's, one in two hundred a join.
Written one day file at a time, so memory stays flat whatever the size.
"""

from __future__ import annotations

import argparse
import random
import zipfile
from pathlib import Path

import orjson

START = 1_640_995_200  # 2022-01-01 00:00 UTC
PER_DAY = 60  # messages in a channel's day file


def users(people: int) -> list[dict]:
    out = []
    for i in range(people):
        profile = {"real_name": f"Person {i}"}
        if i % 3:  # two thirds have an email address in the export
            profile["email"] = f"person{i}@example.com"
        out.append(
            {
                "id": f"U{i:07d}",
                "name": f"person{i}",
                "real_name": f"Person {i}",
                "deleted": False,
                "is_bot": False,
                "profile": profile,
            }
        )
    out.append({"id": "UBOT00001", "name": "deploybot", "is_bot": True, "profile": {}})
    return out


def generate(path: Path, messages: int, channels: int, people: int, seed: int = 1) -> dict:
    """Write the export to ``path`` (a zip); its figures."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    per_channel = [
        messages // channels + (1 if c < messages % channels else 0) for c in range(channels)
    ]
    counts = {"messages": 0, "replies": 0, "mentions": 0, "reactions": 0, "bots": 0}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("users.json", orjson.dumps(users(people)))
        chans = [
            {"id": f"C{c:06d}", "name": f"channel-{c}", "created": str(START)}
            for c in range(channels)
        ]
        archive.writestr("channels.json", orjson.dumps(chans))
        team = max(8, min(40, people // max(1, channels // 10)))
        for c in range(channels):
            base = (c * 37) % max(1, people - team)
            members = list(range(base, base + team)) + rng.sample(range(people), 5)
            roots: list[tuple[str, int]] = []
            day, t = 0, START + c * 13
            left = per_channel[c]
            while left > 0:
                batch = min(PER_DAY, left)
                left -= batch
                day_messages = []
                for _ in range(batch):
                    t += rng.randint(30, 1400)
                    ts = f"{t}.{rng.randint(0, 999999):06d}"
                    author = rng.choice(members)
                    message = {
                        "type": "message",
                        "user": f"U{author:07d}",
                        "text": "Work notes",
                        "ts": ts,
                    }
                    roll = rng.random()
                    if roll < 0.01:
                        message = {
                            "type": "message",
                            "subtype": "bot_message",
                            "bot_id": "B1",
                            "username": "deploybot",
                            "text": "Deployed",
                            "ts": ts,
                        }
                        counts["bots"] += 1
                    elif roll < 0.015:
                        message["subtype"] = "channel_join"
                        message["text"] = f"<@U{author:07d}> has joined the channel"
                    else:
                        if roots and rng.random() < 0.33:
                            root_ts, root_author = rng.choice(roots[-20:])
                            message["thread_ts"] = root_ts
                            message["parent_user_id"] = f"U{root_author:07d}"
                            counts["replies"] += 1
                        else:
                            message["thread_ts"] = ts
                            roots.append((ts, author))
                        if rng.random() < 0.125:
                            other = rng.choice(members)
                            message["text"] = f"<@U{other:07d}> could you look at this?"
                            counts["mentions"] += 1
                        if rng.random() < 0.2:
                            who = rng.sample(members, rng.randint(1, 3))
                            message["reactions"] = [
                                {
                                    "name": "+1",
                                    "count": len(who),
                                    "users": [f"U{p:07d}" for p in who],
                                }
                            ]
                            counts["reactions"] += len(who)
                    day_messages.append(message)
                    counts["messages"] += 1
                stamp = START + c * 13 + day * 86_400
                name = f"channel-{c}/{_date(stamp)}.json"
                archive.writestr(name, orjson.dumps(day_messages))
                day += 1
            roots.clear()
    return counts


def _date(epoch: int) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--channels", type=int, default=500)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.path, args.messages, args.channels, args.people, args.seed))


if __name__ == "__main__":
    main()
