"""Abuse protection: message fingerprints, a per-user message index, strikes, and the default
abuse patterns (administrators edit them in abuse_patterns afterwards).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 11:30:00
"""
from datetime import datetime, timezone
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

from chatapp.services.abuse_defaults import DEFAULT_PATTERNS

revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.create_index('ix_messages_user_created', ['user_id', 'created_at'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_strike_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('abuse_patterns', schema=None) as batch_op:
        batch_op.alter_column('pattern', existing_type=sqlmodel.sql.sqltypes.AutoString(length=500),
                              type_=sa.Text(), existing_nullable=False)

    patterns = sa.table(
        'abuse_patterns', sa.column('pattern', sa.Text), sa.column('pattern_type', sa.String),
        sa.column('severity', sa.String), sa.column('action', sa.String), sa.column('enabled', sa.Boolean),
        sa.column('detected_count', sa.Integer), sa.column('created_at', sa.DateTime(timezone=True)),
        sa.column('updated_at', sa.DateTime(timezone=True)))
    now = datetime.now(timezone.utc)
    op.bulk_insert(patterns, [
        {'pattern': pattern, 'pattern_type': kind, 'severity': severity, 'action': action,
         'enabled': True, 'detected_count': 0, 'created_at': now, 'updated_at': now}
        for pattern, kind, severity, action in DEFAULT_PATTERNS])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM abuse_patterns"))
    with op.batch_alter_table('abuse_patterns', schema=None) as batch_op:
        batch_op.alter_column('pattern', existing_type=sa.Text(),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=500), existing_nullable=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('last_strike_at')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_user_created')
        batch_op.drop_column('fingerprint')
