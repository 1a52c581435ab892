"""The steps every abuse-pattern migration from 0005 on takes: rows seeded by earlier revisions
and never edited are replaced by the new defaults; rows an administrator added or edited stay as
they are, and a default an administrator deleted is not brought back.

A revision names the defaults as they were before it (`known`, sha256 digests of the patterns),
the defaults it replaces (`superseded`, kept whole so that a downgrade can put them back) and the
digests of the ones it adds (`added_here`, so that a downgrade removes them even once later
revisions have changed the defaults again). Revisions that have run depend on this module: never
change what a function here does; add a new one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

from chatapp.services.abuse_defaults import DEFAULT_PATTERNS

Row = tuple[str, str, str, str]  # pattern, pattern_type, severity, action

_patterns = sa.table(
    'abuse_patterns', sa.column('pattern', sa.Text), sa.column('pattern_type', sa.String),
    sa.column('severity', sa.String), sa.column('action', sa.String), sa.column('enabled', sa.Boolean),
    sa.column('detected_count', sa.Integer), sa.column('created_at', sa.DateTime(timezone=True)),
    sa.column('updated_at', sa.DateTime(timezone=True)))


def digest(pattern: str) -> str:
    return hashlib.sha256(pattern.encode()).hexdigest()[:16]


def upgrade(*, known: frozenset[str], superseded: Iterable[Row]) -> None:
    _replace([row[0] for row in superseded], _added(known))


def downgrade(*, known: frozenset[str], superseded: Iterable[Row], added_here: frozenset[str]) -> None:
    stored = [row[0] for row in op.get_bind().execute(sa.select(_patterns.c.pattern))]
    ours = {pattern for pattern in stored if digest(pattern) in added_here}
    _replace(sorted(ours | {row[0] for row in _added(known)}), list(superseded))


def _added(known: frozenset[str]) -> list[Row]:
    return [row for row in DEFAULT_PATTERNS if digest(row[0]) not in known]


def _replace(remove: list[str], insert: list[Row]) -> None:
    if remove:
        op.execute(_patterns.delete().where(_patterns.c.pattern.in_(remove)))
    stored = {row[0] for row in op.get_bind().execute(sa.select(_patterns.c.pattern))}
    now = datetime.now(timezone.utc)
    rows = [{'pattern': pattern, 'pattern_type': kind, 'severity': severity, 'action': action,
             'enabled': True, 'detected_count': 0, 'created_at': now, 'updated_at': now}
            for pattern, kind, severity, action in insert if pattern not in stored]
    if rows:
        op.bulk_insert(_patterns, rows)
