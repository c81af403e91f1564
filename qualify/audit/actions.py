"""The actions the audit log knows: a closed list, so every entry has a label to show."""

from __future__ import annotations

import enum


class AuditAction(enum.StrEnum):
    # Accounts, by admins (or on the command line)
    USER_CREATED = "user_created"
    ROLE_CHANGED = "role_changed"
    USER_DEACTIVATED = "user_deactivated"
    USER_REACTIVATED = "user_reactivated"
    PASSWORD_RESET_SENT = "password_reset_sent"  # noqa: S105 - an action, not a secret
    PASSWORD_SET = "password_set"  # noqa: S105 - `qualify users set-password`
    INVITATION_SENT = "invitation_sent"
    INVITATION_RESENT = "invitation_resent"
    ACCOUNT_DELETED = "account_deleted"
    # Quizzes and certificates, by trainers (or on the command line)
    ESSAY_GRADED = "essay_graded"
    ASSIGNMENT_MARKED = "assignment_marked"  # a practice assignment handed in, marked
    EXTRA_ATTEMPT_GRANTED = "extra_attempt_granted"
    WORKSHOP_HOURS_CREDITED = "workshop_hours_credited"
    CERTIFICATE_REVOKED = "certificate_revoked"
    # Certificates issued: by the site when the rules are met (no actor), or by a trainer's
    # sign-off; renewed (supersedes the old one); issued again with a corrected name (the
    # holder's own correction, which also supersedes)
    CERTIFICATE_ISSUED = "certificate_issued"
    CERTIFICATE_RENEWED = "certificate_renewed"
    CERTIFICATE_REISSUED = "certificate_reissued"
    # Cohorts, by trainers and admins
    COHORT_CREATED = "cohort_created"
    COHORT_CHANGED = "cohort_changed"
    COHORT_MEMBER_ADDED = "cohort_member_added"
    COHORT_MEMBER_REMOVED = "cohort_member_removed"
    WORKSHOP_ADDED = "workshop_added"
    ATTENDANCE_RECORDED = "attendance_recorded"
    EXTRA_TIME_SET = "extra_time_set"  # a participant's accommodation for timed quizzes
    # Course authoring, by trainers with the course granted and admins
    COURSE_CREATED = "course_created"
    COURSE_DRAFT_SAVED = "course_draft_saved"
    COURSE_DRAFT_DISCARDED = "course_draft_discarded"
    COURSE_PUBLISHED = "course_published"
    COURSE_VERSION_RESTORED = "course_version_restored"
    COURSE_ARCHIVED = "course_archived"
    COURSE_AUTHOR_GRANTED = "course_author_granted"
    COURSE_AUTHOR_REVOKED = "course_author_revoked"
    COURSE_OVERWRITTEN_BY_IMPORT = "course_overwritten_by_import"  # content import --overwrite
    # Course authoring, by authors of the course and admins
    COURSE_IMAGE_UPLOADED = "course_image_uploaded"
    COURSE_IMAGE_DELETED = "course_image_deleted"
