"""Import jobs: reviewing an uploaded export, and writing it once the organiser confirms.
The organiser's page polls the run's progress while they work."""

from huey.contrib.djhuey import db_task

from workaloud.imports.models import ImportRun


@db_task()
def review_import(run_id: int) -> None:
    from workaloud.imports.services import review_run

    run = ImportRun.objects.filter(pk=run_id).first()
    if run is not None:
        review_run(run)


@db_task()
def commit_import(run_id: int) -> None:
    from workaloud.imports.services import commit_run

    run = ImportRun.objects.filter(pk=run_id).first()
    if run is not None:
        commit_run(run)
