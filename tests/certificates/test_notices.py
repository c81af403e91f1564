"""A new certificate is announced by mail, in the learner's language, once the learner's
address is confirmed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.certificates.models import Certificate
from tests.accounts.mailbox import deliver
from tests.certificates.test_awarding import pass_course

pytestmark = pytest.mark.usefixtures("imported_content")


def test_the_award_mail_names_the_certificate_and_links_to_its_check(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    user = login_as(Role.LEARNER)
    pass_course(client)
    certificate = session.scalars(sa.select(Certificate)).one()
    [mail] = deliver()
    assert mail["to"] == user.email
    assert mail["subject"].startswith("Ihr Zertifikat: ")
    assert f"https://qualify.test/verify/{certificate.code}" in mail["text"]
    assert "https://qualify.test/dashboard" in mail["html"]


def test_the_award_mail_waits_for_an_unconfirmed_address(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    user = login_as(Role.LEARNER)
    session.execute(sa.update(User).where(User.id == user.id).values(confirmed_at=None))
    session.commit()
    pass_course(client)
    assert session.scalars(sa.select(Certificate)).one().user_id == user.id
    assert deliver() == []
