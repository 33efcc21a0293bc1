"""Small builders for test data. They go through the services, as users do."""

import itertools

from workaloud.goals.services import create_goal
from workaloud.people.models import User
from workaloud.responses.services import respond
from workaloud.work.services import create_update

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def make_person(username: str | None = None, **profile) -> User:
    username = username or f"person{next(_seq)}"
    user = User(username=username, email=f"{username}@example.org", **profile)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_goal(owner, title="Ship the onboarding guide", **fields):
    return create_goal(owner, title=title, **fields)


def make_update(author, body="Drafted the first chapter of the guide.", **fields):
    return create_update(author, body=body, **fields)


def make_response(update, author, kind="comment", body="Looks good!", **fields):
    return respond(update, author, kind=kind, body=body, **fields)
