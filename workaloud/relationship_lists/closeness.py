"""The closeness scale people rate each other on, and how a rating is compared with the
depth stage Workaloud computes from interactions (calibration).

The scale's wording is Workaloud's own. Ratings are a person's private view; the stage
(``workaloud.relationships``) is what the interaction ledger shows. Neither is "right": when
they disagree, the list says so, which way, and lets the person decide what it means.
"""

from __future__ import annotations

from dataclasses import dataclass

from workaloud.relationships.model import STAGE_NAMES

#: 0–5, each step a little closer than the one before.
SCALE: dict[int, str] = {
    0: "Doesn't know me yet",
    1: "Knows who I am",
    2: "We have exchanged a few words",
    3: "We have helped each other",
    4: "We work on things together",
    5: "A trusted ally",
}
LOWEST, HIGHEST = min(SCALE), max(SCALE)

#: What the interactions show at each computed stage, for "Your interactions show …".
STAGE_SHOWS: dict[int, str] = {
    0: "no interaction yet",
    1: "awareness (a follow or a mention)",
    2: "engagement in one direction",
    3: "a reciprocal exchange",
    4: "collaboration",
    5: "trust built over time",
}
#: The same, said of a rating above the stage: "You rate Bob 4, but …".
STAGE_SO_FAR: dict[int, str] = {
    0: "you have not interacted here yet",
    1: "your interactions here show only awareness (a follow or a mention)",
    2: "you have only interacted one way so far",
    3: "your interactions here show one reciprocal exchange so far",
    4: "your interactions here show collaboration",
    5: "your interactions here show trust built over time",
}

#: A rating and a stage this far apart (or further) disagree.
DISAGREEMENT_GAP = 2

CALIBRATION_RULE = (
    f"For community members, Workaloud also computes a depth stage (0–5) from your "
    f"interactions here. When your rating and that stage are {DISAGREEMENT_GAP} or more apart, "
    f"the list points it out and says which way. People outside the community have no "
    f"computed stage."
)


def scale_label(value: int | None) -> str:
    return SCALE.get(value, "") if value is not None else ""


@dataclass(frozen=True)
class Calibration:
    """A rating beside the computed stage.

    ``verdict`` is ``"agree"``, ``"rated_higher"`` (the rating is at least
    ``DISAGREEMENT_GAP`` above the stage), ``"rated_lower"`` (at least that far below),
    ``"not_rated"`` or ``"no_stage"`` (someone outside the community).
    """

    verdict: str
    stage: int | None
    stage_name: str
    message: str

    @property
    def disagrees(self) -> bool:
        return self.verdict in {"rated_higher", "rated_lower"}


def calibrate(name: str, rating: int | None, stage: int | None) -> Calibration:
    """Compare the owner's ``rating`` of ``name`` with the computed ``stage`` (None: outside).

    The rule is deliberately simple so that it can be stated in one sentence on the page
    (``CALIBRATION_RULE``): they disagree when |rating − stage| ≥ ``DISAGREEMENT_GAP``.
    """
    if stage is None:
        return Calibration(
            "no_stage",
            None,
            "",
            f"{name} is outside the community, so there is no computed stage to compare with: "
            "your rating is the only measure.",
        )
    stage_name = STAGE_NAMES[stage]
    shows = f"stage {stage}, {stage_name.lower()}"
    if rating is None:
        return Calibration(
            "not_rated",
            stage,
            stage_name,
            f"Not rated yet. Your interactions here show {STAGE_SHOWS[stage]} ({shows}).",
        )
    if rating - stage >= DISAGREEMENT_GAP:
        message = (
            f"You rate {name} {rating}, but {STAGE_SO_FAR[stage]} ({shows}). Perhaps your "
            "relationship lives mostly outside Workaloud, or there is room to deepen it here."
        )
        return Calibration("rated_higher", stage, stage_name, message)
    if stage - rating >= DISAGREEMENT_GAP:
        message = (
            f"Your interactions show {STAGE_SHOWS[stage]} ({shows}), but you rated "
            f"{name} {rating} — maybe you are closer than you think."
        )
        return Calibration("rated_lower", stage, stage_name, message)
    return Calibration(
        "agree",
        stage,
        stage_name,
        f"Your rating and your interactions here roughly agree ({shows}).",
    )
