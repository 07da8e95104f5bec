"""Field members (issue 19): a user may be tied to a roster member and sign in first
with a one-time access code, hashed, that they turn into a password.

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
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("users")}
    if set(COLUMNS) <= have:  # a store that lost its mark, adopted with the columns
        return
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("member_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("code_hash", sa.String(256), nullable=True))
        batch.add_column(sa.Column("code_expires_at", sa.DateTime(), nullable=True))
        batch.create_unique_constraint("uq_users_member_id", ["member_id"])
        batch.create_foreign_key("fk_users_member_id", "members", ["member_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("fk_users_member_id", type_="foreignkey")
        batch.drop_constraint("uq_users_member_id", type_="unique")
        for column in reversed(COLUMNS):
            batch.drop_column(column)
