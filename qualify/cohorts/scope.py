"""Which learners a viewer may see and act on: admins all of them, trainers the
participants of the cohorts they train, nobody else anyone.

One SQL condition on a user-id column, so every trainer page and service filters in the
same query it already runs (no per-row checks, no extra round trip).
"""

from __future__ import annotations

import sqlalchemy as sa

from qualify.accounts.models import Role, User
from qualify.cohorts.models import CohortMember, CohortTrainer


def visible(
    user_id: sa.ColumnElement[int] | sa.orm.InstrumentedAttribute[int], viewer: User
) -> sa.ColumnElement[bool]:
    """True for the rows whose learner `viewer` may see."""
    if viewer.role == Role.ADMIN:
        return sa.true()
    if viewer.role != Role.TRAINER:
        return sa.false()
    return user_id.in_(learners_of_trainer(viewer.id))


def learners_of_trainer(trainer_id: int) -> sa.Select[tuple[int]]:
    """The ids of the participants of every cohort this trainer trains."""
    return (
        sa.select(CohortMember.user_id)
        .join(CohortTrainer, CohortTrainer.cohort_id == CohortMember.cohort_id)
        .where(CohortTrainer.user_id == trainer_id)
    )
