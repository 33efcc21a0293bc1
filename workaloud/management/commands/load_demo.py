"""``python manage.py load_demo``: a living demo community for a newcomer to explore."""

from django.core.management.base import BaseCommand, CommandError

from workaloud.demo.loader import DEMO_PASSWORD, DEMO_USERNAME, DemoAlreadyLoaded, load_demo
from workaloud.people.models import User


class Command(BaseCommand):
    help = (
        "Load a realistic demo community: 33 people in 8 teams with purposes, goals, six weeks "
        "of narrated work, responses, asks and follows. Does nothing if the database already "
        "has people, unless --force is given. All demo people share one password, printed at "
        "the end."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the demo community even though the database already has people.",
        )
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="Print only the demo login (and the reason, if nothing was loaded).",
        )

    def handle(self, *args, force: bool = False, quiet: bool = False, **options):
        quiet = quiet or options.get("verbosity", 1) == 0
        existing = User.objects.count()
        if existing and not force:
            # Printed even with --quiet: silence would look like a successful load.
            noun = "person" if existing == 1 else "people"
            self.stdout.write(
                f"The database already has {existing} {noun}; not loading demo data "
                "(use --force to add it anyway)."
            )
            return
        try:
            summary = load_demo()
        except DemoAlreadyLoaded as exc:
            raise CommandError(str(exc)) from exc
        if not quiet:
            kinds = ", ".join(
                f"{n} {k.replace('_', ' ')}" for k, n in sorted(summary.by_kind.items())
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded the demo community: {summary.people} people, {summary.goals} goals, "
                    f"{summary.updates} work updates and {summary.drafts} drafts, "
                    f"{summary.responses} responses, {summary.follows} follows and "
                    f"{summary.goal_follows} goal follows."
                )
            )
            self.stdout.write(f"Responses by kind: {kinds}.")
            self.stdout.write(
                f"Asks: {summary.asks}, of which {summary.resolved_asks} resolved with "
                f"{summary.help_credits} people credited; {summary.thanks} private thanks; "
                f"{summary.circles} circles and {summary.pool_entries} people in the summer "
                "round's pool."
            )
            self.stdout.write(
                f"Activity from {summary.first_activity:%Y-%m-%d} to "
                f"{summary.last_activity:%Y-%m-%d}. Every demo person has the same password."
            )
        self.stdout.write(f"Demo login: username `{DEMO_USERNAME}` password `{DEMO_PASSWORD}`")
