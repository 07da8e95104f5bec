"""Field members (issue 19): a user may be tied to a roster member and sign in first
with a one-time access code, hashed, that they turn into a password; the member's
positions as they check in and out of grid work (the attendance indicator's source).

Revision ID: 0003
Revises: 0002
Created: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = ("member_id", "code_hash", "code_expires_at")


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if "field_fixes" not in inspector.get_table_names():
        op.create_table(
            "field_fixes",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("member_id", sa.String(length=32), nullable=False),
            sa.Column("kind", sa.String(length=8), nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.Column("lon", sa.Float(), nullable=True),
            sa.Column("lat", sa.Float(), nullable=True),
            sa.Column("accuracy_m", sa.Float(), nullable=True),
            sa.Column("key", sa.String(length=64), nullable=True),
            sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("key"),
        )
        op.create_index("ix_field_fixes_member_at", "field_fixes", ["member_id", "at"])
    have = {c["name"] for c in inspector.get_columns("users")}
    if set(COLUMNS) <= have:  # a store that lost its mark, adopted with the columns
        return
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("member_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("code_hash", sa.String(256), nullable=True))
        batch.add_column(sa.Column("code_expires_at", sa.DateTime(), nullable=True))
        batch.create_unique_constraint("uq_users_member_id", ["member_id"])
        batch.create_foreign_key("fk_users_member_id", "members", ["member_id"], ["id"])


def downgrade() -> None:
    op.drop_index("ix_field_fixes_member_at", table_name="field_fixes")
    op.drop_table("field_fixes")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("fk_users_member_id", type_="foreignkey")
        batch.drop_constraint("uq_users_member_id", type_="unique")
        for column in reversed(COLUMNS):
            batch.drop_column(column)
