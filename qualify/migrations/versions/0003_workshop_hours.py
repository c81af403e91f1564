"""workshop hours: qualifications ask for in-person hours; trainers credit them

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 18:52:15.887477
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import qualify.core.orm

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workshop_credits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('qualification_id', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Double(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', qualify.core.orm.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('hours > 0 AND hours <= 100', name=op.f('ck_workshop_credits_hours_sensible')),
    sa.ForeignKeyConstraint(['qualification_id'], ['qualifications.id'], name=op.f('fk_workshop_credits_qualification_id_qualifications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_workshop_credits_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_workshop_credits_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_credits'))
    )
    with op.batch_alter_table('workshop_credits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_credits_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('workshop_hours', sa.Double(), nullable=False, server_default='0'))

    with op.batch_alter_table('qualifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('workshop_hours', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('workshop_description', sa.JSON(), nullable=False, server_default='{}'))

    # Existing rows got the defaults above; new rows get theirs from the application.
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.alter_column('workshop_hours', server_default=None)
    with op.batch_alter_table('qualifications', schema=None) as batch_op:
        batch_op.alter_column('workshop_hours', server_default=None)
        batch_op.alter_column('workshop_description', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('qualifications', schema=None) as batch_op:
        batch_op.drop_column('workshop_description')
        batch_op.drop_column('workshop_hours')

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_column('workshop_hours')

    with op.batch_alter_table('workshop_credits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_credits_user_id'))

    op.drop_table('workshop_credits')
