"""Relationship jobs: the nightly rebuild of every figure from the ledger (network measures,
communities, personas), as ``manage.py recompute_relationships`` does by hand."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from workaloud.relationships.recompute import rebuild_all


@db_periodic_task(crontab(hour="3", minute="15"))
@lock_task("relationships-rebuild")
def rebuild_relationships() -> None:
    rebuild_all()
