from django.core.management.base import BaseCommand

from workaloud.relationships.recompute import backfill_ledger, rebuild_all


class Command(BaseCommand):
    help = (
        "Rebuild every relationship figure (pairs, stages, graph measures, personas) from the"
        " interaction ledger. Run it nightly to refresh the network measures."
    )

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
        summary = rebuild_all()
        steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in summary["seconds"].items())
        self.stdout.write(
            f"Rebuilt {summary['pairs']} relationships from {summary['interactions']} interactions"
            f" ({summary['people']} people, {summary['communities']} communities): {steps}."
        )
