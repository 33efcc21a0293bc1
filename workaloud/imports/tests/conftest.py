"""Fixtures for import tests: the real Slack sample, small exports built on the spot, and an
organiser who may run imports."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission

from workaloud.testing import factories


def shared_data(*parts: str) -> Path:
    """A file of the shared real data, kept beside the repository (``../shared/data/``)."""
    return Path(settings.BASE_DIR).parent.joinpath("shared", "data", *parts)


@pytest.fixture
def slack_sample() -> Path:
    path = shared_data("slack-export-sample", "testarchive.zip")
    if not path.exists():
        pytest.fail(f"the Slack sample is missing: {path}")
    return path


USERS = [
    {
        "id": "UANN",
        "name": "ann",
        "real_name": "Ann Archer",
        "profile": {"email": "ann@example.org"},
    },
    {"id": "UBO", "name": "bo", "real_name": "Bo Brand", "profile": {"email": "bo@old.example"}},
    {"id": "UCY", "name": "cy", "real_name": "Cy Cole", "profile": {}},
    {"id": "UBOT", "name": "deploybot", "is_bot": True, "profile": {}},
]
CHANNELS = [{"id": "CGEN", "name": "general"}, {"id": "CDEV", "name": "dev"}]


def day(messages):
    return json.dumps(messages)


# ts values: 2024-03-01 09:00:00 UTC onwards
T0 = 1709283600


def ts(minutes: int, micro: int = 0) -> str:
    return f"{T0 + minutes * 60}.{micro:06d}"


def standard_files() -> dict[str, str]:
    return {
        "users.json": json.dumps(USERS),
        "channels.json": json.dumps(CHANNELS),
        "general/2024-03-01.json": day(
            [
                {
                    "type": "message",
                    "user": "UANN",
                    "text": "Draft is up, <@UBO> can you look?",
                    "ts": ts(0),
                    "thread_ts": ts(0),
                    "reply_count": 2,
                    "reactions": [{"name": "tada", "users": ["UBO", "UCY", "UANN"], "count": 3}],
                },
                {
                    "type": "message",
                    "user": "UBO",
                    "text": "Looks good",
                    "ts": ts(5),
                    "thread_ts": ts(0),
                    "parent_user_id": "UANN",
                },
                {
                    "type": "message",
                    "user": "UCY",
                    "text": "One question",
                    "ts": ts(6),
                    "thread_ts": ts(0),
                },
                {
                    "type": "message",
                    "subtype": "channel_join",
                    "user": "UCY",
                    "text": "<@UCY> has joined the channel",
                    "ts": ts(7),
                },
                {
                    "type": "message",
                    "subtype": "bot_message",
                    "bot_id": "B1",
                    "text": "Deployed <@UANN>",
                    "ts": ts(8),
                },
                {"type": "message", "user": "UBOT", "text": "hi <@UANN>", "ts": ts(9)},
            ]
        ),
        "dev/2024-03-02.json": day(
            [
                {
                    "type": "message",
                    "user": "UCY",
                    "text": "<@UANN> <@UBO> standup?",
                    "ts": ts(1440),
                },
                {
                    "type": "message",
                    "user": "UANN",
                    "text": "yes",
                    "ts": ts(1441),
                    "thread_ts": ts(1440),
                },
            ]
        ),
    }


def write_zip(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


@pytest.fixture
def slack_zip(tmp_path) -> Path:
    return write_zip(tmp_path / "export.zip", standard_files())


@pytest.fixture
def organiser(db):
    person = factories.make_person("olga", display_name="Olga Organiser")
    person.user_permissions.add(Permission.objects.get(codename="run_imports"))
    return person


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Uploaded exports go to the test's own folder."""
    settings.DATA_DIR = tmp_path
