"""The field's second part (issue 19): phones' idempotency keys for steps and reports,
photos with jobs and requests, the grid work groups' posts, their robots' webhooks, and
the outbox that pushes posts to the robots.

Revision ID: 0004
Revises: 0003
Created: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _tables() -> dict[str, tuple[object, ...]]:
    return {
        "field_sends": (
            sa.Column("key", sa.String(length=64), nullable=False),
            sa.Column("member_id", sa.String(length=32), nullable=False),
            sa.Column("what", sa.String(length=16), nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
            sa.PrimaryKeyConstraint("key"),
        ),
        "photos": (
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("job_id", sa.String(length=32), nullable=True),
            sa.Column("request_id", sa.String(length=32), nullable=True),
            sa.Column("member_id", sa.String(length=32), nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.Column("mime", sa.String(length=16), nullable=False),
            sa.Column("size", sa.Integer(), nullable=False),
            sa.Column("data", sa.LargeBinary(), nullable=False),
            sa.ForeignKeyConstraint(["job_id"], ["jobs.id"]),
            sa.ForeignKeyConstraint(["request_id"], ["requests.id"]),
            sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
            sa.PrimaryKeyConstraint("id"),
        ),
        "group_posts": (
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("group_id", sa.String(length=16), nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.Column("by", sa.String(length=64), nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        ),
        "group_robots": (
            sa.Column("group_id", sa.String(length=16), nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("url", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("group_id", "kind"),
        ),
        "outbox": (
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("post_id", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("url", sa.Text(), nullable=False),
            sa.Column("attempts", sa.Integer(), nullable=False),
            sa.Column("next_at", sa.DateTime(), nullable=False),
            sa.Column("sent_at", sa.DateTime(), nullable=True),
            sa.Column("answer", sa.String(length=200), nullable=True),
            sa.ForeignKeyConstraint(["post_id"], ["group_posts.id"]),
            sa.PrimaryKeyConstraint("id"),
        ),
    }


INDEXES = (
    ("ix_photos_job_id", "photos", ["job_id"]),
    ("ix_photos_request_id", "photos", ["request_id"]),
    ("ix_group_posts_group_at", "group_posts", ["group_id", "at"]),
    ("ix_outbox_pending", "outbox", ["sent_at", "next_at"]),
)


def upgrade() -> None:
    have = set(sa.inspect(op.get_bind()).get_table_names())
    for name, parts in _tables().items():
        if name not in have:  # a store that lost its mark may have them already
            op.create_table(name, *parts)
    for index, table, columns in INDEXES:
        if table not in have:
            op.create_index(index, table, columns)


def downgrade() -> None:
    for index, table, _columns in INDEXES:
        op.drop_index(index, table_name=table)
    for name in reversed(list(_tables())):
        op.drop_table(name)
