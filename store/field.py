"""What a field member's phone reads of the store: the number behind their own job's
call button. Only for a job the member holds; never shown, only dialled."""

from __future__ import annotations

from sqlalchemy import Engine, select

from store import schema as s


def contact_to_dial(engine: Engine, job_id: str, member_id: str) -> str | None:
    """The first caller's phone of ``job_id`` when ``member_id`` holds the job, else
    None (another member's job, no number, or no such job)."""
    j, r = s.jobs.c, s.requests.c
    with engine.connect() as conn:
        phone = conn.scalar(
            select(r.contact_phone)
            .join(s.jobs, j.id == r.job_id)
            .where(j.id == job_id, j.member_id == member_id, r.contact_phone.is_not(None))
            .order_by(r.received_at, r.id)
            .limit(1)
        )
    return None if phone is None else str(phone)
