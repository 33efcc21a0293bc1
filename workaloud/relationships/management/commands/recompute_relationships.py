from django.core.management.base import BaseCommand

from workaloud.relationships.recompute import rebuild_all


class Command(BaseCommand):
    help = "Rebuild every stored relationship figure from the interaction ledger."

    def handle(self, *args, **options):
        count = rebuild_all()
        self.stdout.write(f"Rebuilt {count} relationships from the ledger.")
