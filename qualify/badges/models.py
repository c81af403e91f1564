"""Each badge's place in the revocation status list."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualify.badges.statuslist import LIST_BITS
from qualify.core.orm import Base


class BadgeStatusEntry(Base):
    """The bit of the status list that stands for one certificate's badge.

    Given at random when the holder first downloads the badge, so an index says nothing
    about when a certificate was issued or how many there are (the status list spec's herd
    privacy); unique, so no two badges share a bit. Certificates are never deleted.
    """

    __tablename__ = "badge_status_entries"
    __table_args__ = (
        sa.CheckConstraint(
            f"status_index >= 0 AND status_index < {LIST_BITS}", name="index_in_list"
        ),
    )

    certificate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certificates.id", ondelete="RESTRICT"), primary_key=True
    )
    status_index: Mapped[int] = mapped_column(unique=True)
