"""A proposed plan under review: how it differs from the committed one, what in it needs
the dispatcher's attention before a commit (work taken off a crew, late work), and a
dispatcher's move of one job, checked before it is taken."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from dispatch.domain import STARTED
from dispatch.errors import DualGridError
from dispatch.live import BoardProblem, humanize
from dispatch.plan import Plan, Route
from dispatch.schedule import route_slack, timing
from i18n import N_, Words, _


class MoveError(DualGridError, ValueError):
    """A dispatcher's move that breaks a rule; the message says which."""


#: What a plan does to a job (`Change.kind`, `Attention.kind`), in words.
CHANGE_LABELS: Final = Words(
    {
        "kept": N_("kept"),
        "still unassigned": N_("still unassigned"),
        "assigned": N_("assigned"),
        "taken off": N_("taken off"),
        "moved": N_("moved"),
        "late": N_("late"),
    }
)


@dataclass(frozen=True, slots=True)
class Change:
    job: str
    before: str | None
    after: str | None

    @property
    def kind(self) -> str:
        if self.before == self.after:
            return "kept" if self.after else "still unassigned"
        if self.before is None:
            return "assigned"
        if self.after is None:
            return "taken off"
        return "moved"


def diff(current: dict[str, list[str]], plan: Plan, job_ids: Sequence[str]) -> list[Change]:
    """For every job: its member now and in the plan."""
    before = {j: m for m, route in current.items() for j in route}
    after = {j: r.member for r in plan.routes for j in r.jobs}
    return [Change(j, before.get(j), after.get(j)) for j in job_ids]


def retime(board: BoardProblem, routes: dict[str, list[str]], plan: Plan) -> Plan:
    """The plan with these routes, timed again (unassigned reasons kept)."""
    problem, jobs = board.problem, board.problem.job
    new_routes = []
    travel = 0.0
    for member in problem.members:
        order = routes.get(member.id)
        if not order:
            continue
        timed = timing(member, [jobs[j] for j in order], board.travel)
        travel += timed.travel
        new_routes.append(Route(member.id, timed.stops))
    served = {j for r in routes.values() for j in r}
    unassigned = tuple(u for u in plan.unassigned if u.job not in served)
    return Plan(
        tuple(new_routes),
        unassigned,
        int(travel) + sum(jobs[u.job].drop_cost for u in unassigned),
        int(travel),
        plan.solve_seconds,
        dict(plan.extra),
    )


def move_job(board: BoardProblem, plan: Plan, job_id: str, member_id: str) -> Plan:
    """The plan with one job moved to another member's route, at the place where it
    adds least travel — or `MoveError` naming the rule the move would break."""
    problem = board.problem
    if job_id not in problem.job:
        msg = _("unknown job {job}").format(job=job_id)
        raise MoveError(msg)
    if member_id not in problem.member:
        msg = _("{member} is not on duty in this plan").format(member=member_id)
        raise MoveError(msg)
    job, member = problem.job[job_id], problem.member[member_id]
    if any(job_id in m.fixed for m in problem.members):
        msg = _("{job} is already under way; it stays with its member").format(job=job_id)
        raise MoveError(msg)
    # a dispatcher's own move may take a job from the member it was kept with
    missing = sorted(s for s in job.skills - member.skills if not s.startswith("#"))
    if missing:
        msg = _("{member} cannot take {job}: lacks {skills}").format(
            member=member_id, job=job_id, skills=humanize(", ".join(missing))
        )
        raise MoveError(msg)
    routes = {r.member: [j for j in r.jobs if j != job_id] for r in plan.routes}
    current = {m: [problem.job[j] for j in r] for m, r in routes.items()}
    slack = route_slack(
        problem, current, board.travel, locked={m.id: len(m.fixed) for m in problem.members}
    )
    found = slack[member_id].best(job, board.travel)
    if found is None:
        msg = _(
            "{member} cannot take {job}: no place in the route meets its deadline "
            "and every later stop's, within the shift"
        ).format(member=member_id, job=job_id)
        raise MoveError(msg)
    routes.setdefault(member_id, []).insert(found[0], job_id)
    return retime(board, routes, plan)


# ---- what needs the dispatcher's attention ------------------------------------------


@dataclass(frozen=True, slots=True)
class Attention:
    """A job the proposal changes in a way a dispatcher must see before committing:
    taken off its crew (``after`` is None), moved to another crew, or served late."""

    job: str
    priority: int
    kind: str  # "taken off", "moved" or "late"
    before: str | None
    after: str | None
    reason: str
    late_s: int = 0  # how late the plan serves it (late ones)
    started: bool = False  # under way: the crew would be recalled

    @property
    def needs_tick(self) -> bool:
        """Taking work off a crew is committed only with an explicit tick."""
        return self.kind in {"taken off", "moved"}


def named(board: BoardProblem, member: str | None) -> str:
    """A member by name with the code beside it ("李德辉 (M016)"); a dash for nobody."""
    if member is None:
        return "—"
    if member in board.members:
        return f"{board.name(member)} ({member})"
    m = board.mates.get(member)
    return f"{m.name} ({member})" if m else member


def attention(board: BoardProblem, plan: Plan) -> list[Attention]:
    """Work the proposal takes off a crew (with the reason), then late work (by how much),
    most urgent first."""
    jobs = board.jobs
    why_left = {u.job: humanize(u.reason) for u in plan.unassigned} | {
        j: humanize(r) for j, r in board.held.items()
    }
    arrival = {s.job: s.arrival for r in plan.routes for s in r.stops}
    out: list[Attention] = []
    for change in diff(board.current, plan, list(jobs)):
        if change.kind not in {"taken off", "moved"}:
            continue
        job = jobs[change.job]
        started = job.status in STARTED
        reason = (
            why_left.get(change.job, _("left out of the plan"))
            if change.after is None
            else _("the plan gives it to {member} (less travel or an earlier arrival)").format(
                member=named(board, change.after)
            )
        )
        out.append(
            Attention(change.job, job.priority, change.kind, change.before, change.after, reason,
                      started=started)
        )  # fmt: skip
    for job_id in sorted(board.late):
        if job_id not in arrival:
            continue
        job = jobs[job_id]
        due = (job.deadline - board.start).total_seconds()
        late = max(int(arrival[job_id] - due), 0)
        member = next(r.member for r in plan.routes if job_id in r.jobs)
        already = _("already overdue") if due < 0 else _("no qualified member can reach it in time")
        out.append(Attention(job_id, job.priority, "late", member, member, already, late_s=late))
    order = {"taken off": 0, "moved": 1, "late": 2}
    return sorted(out, key=lambda a: (order[a.kind], a.priority, -a.late_s, a.job))
