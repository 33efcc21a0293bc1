"""Writing ``model.PairFigures`` into ``Relationship`` rows: one pair, or all of them."""

from __future__ import annotations

from workaloud.relationships import model
from workaloud.relationships.models import Relationship

# Relationship field ← PairFigures array, for the figures derived from the ledger alone.
LEDGER_FIELDS = (
    "a_to_b",
    "b_to_a",
    "count_a_to_b",
    "count_b_to_a",
    "kind_mask",
    "engaged_a_to_b",
    "engaged_b_to_a",
    "exchanges",
    "gratitude_a_to_b",
    "gratitude_b_to_a",
    "stage",
)
TIME_FIELDS = {
    "first_at": "first_us",
    "last_at": "last_us",
    "first_engaged_at": "first_engaged_us",
    "last_engaged_at": "last_engaged_us",
}


def _time(us: int):
    return None if us < 0 else model.from_us(us)


def values(figures: model.PairFigures, i: int) -> dict:
    """The stored fields of pair ``i``, as Python values."""
    out = {name: getattr(figures, name)[i].item() for name in LEDGER_FIELDS}
    out.update({name: _time(int(getattr(figures, src)[i])) for name, src in TIME_FIELDS.items()})
    return out


def assign(rel: Relationship, figures: model.PairFigures, i: int) -> None:
    for name, value in values(figures, i).items():
        setattr(rel, name, value)
