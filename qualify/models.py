"""Import every domain's models so SQLAlchemy's metadata knows all tables (for Alembic)."""


def import_all_models() -> None:
    from qualify.accounts import models as accounts  # noqa: F401
    from qualify.assessment import models as assessment  # noqa: F401
    from qualify.assignments import models as assignments  # noqa: F401
    from qualify.audit import models as audit  # noqa: F401
    from qualify.authoring import models as authoring  # noqa: F401
    from qualify.badges import models as badges  # noqa: F401
    from qualify.certificates import models as certificates  # noqa: F401
    from qualify.cohorts import models as cohorts  # noqa: F401
    from qualify.courses import models as courses  # noqa: F401
    from qualify.jobs import models as jobs  # noqa: F401
