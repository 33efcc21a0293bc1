from django.core.management.base import BaseCommand

from workaloud.relationships.recompute import backfill_ledger, rebuild_all


class Command(BaseCommand):
    help = "Rebuild every stored relationship figure from the interaction ledger."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="First record follows, responses, mentions and credits missing from the ledger "
            "(for data from before the ledger existed). Safe to run again.",
        )

    def handle(self, *args, backfill=False, **options):
        if backfill:
            added = backfill_ledger()
            self.stdout.write(f"Recorded {added} missing interactions.")
        count = rebuild_all()
        self.stdout.write(f"Rebuilt {count} relationships from the ledger.")
