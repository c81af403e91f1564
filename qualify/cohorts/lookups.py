"""Load what a trainer URL names, or answer 404: a learner outside the viewer's cohorts
looks exactly like one that does not exist."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from qualify.accounts.models import User
from qualify.cohorts import service
from qualify.cohorts.models import Cohort
from qualify.cohorts.scope import visible
from qualify.extensions import db


def get_learner_or_404(user_id: int) -> User:
    """A learner of one of the viewer's cohorts (any learner, for admins)."""
    viewer = current_user._get_current_object()
    user = db.session.scalar(sa.select(User).where(User.id == user_id, visible(User.id, viewer)))
    if user is None:
        abort(404)
    return user


def get_cohort_or_404(cohort_id: int) -> Cohort:
    """A cohort the viewer trains (any cohort, for admins)."""
    cohort = service.cohort_for(db.session, cohort_id, current_user._get_current_object())
    if cohort is None:
        abort(404)
    return cohort
