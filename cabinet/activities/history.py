"""What the history API shows of activities (U3)."""

from cabinet.accounts.models import Right
from cabinet.activities.models import Activity
from cabinet.history.registry import Entry, access_through, register
from cabinet.matters.history import matter_readable


def register_history() -> None:
    register(
        Entry(
            name="activity",
            model=Activity,
            check=access_through(
                Activity,
                "matter_id",
                matter_readable,
                right=Right.ALL_MATTERS,
                label="cette activité",
            ),
        )
    )
