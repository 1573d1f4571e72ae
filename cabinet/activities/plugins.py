"""What activities plug into the matters app (cabinet/matters/registry.py): a matter's
activities forbid its deletion (M9)."""

from cabinet.activities import selectors
from cabinet.matters import registry


def plug_into_matters() -> None:
    registry.register_holding(registry.Holding("activities", selectors.matter_holds_activities))
