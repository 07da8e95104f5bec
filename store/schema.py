"""The tables: reference data the demo (or a utility's import) fills once, and the
tables that change while the app runs: requests, jobs, their events and assignments,
member status and positions, attendance, the field's keys, photos and work groups with
their robots' outbox, and the audit trail. One module, over 400 lines, because it is the
one schema the migrations are compared with.

All times are naive UTC; the UI shows them in China Standard Time.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from store.geometry import Geometry

metadata = MetaData()


def _id(name: str = "id") -> Column[str]:
    return Column(name, String(32), primary_key=True)


meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

stations = Table(
    "stations",
    metadata,
    _id(),
    Column("name", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # urban customer centre or rural station
    Column("office_lon", Float, nullable=False),
    Column("office_lat", Float, nullable=False),
)

townships = Table(
    "townships",
    metadata,
    _id(),
    Column("name", String(64), nullable=False),
    Column("name_en", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("station_id", ForeignKey("stations.id"), nullable=False),
    Column("remote", Boolean, nullable=False),
)

grids = Table(
    "grids",
    metadata,
    _id(),
    Column("name", String(64), nullable=False),
    Column("station_id", ForeignKey("stations.id"), nullable=False),
    Column("leader_id", String(32)),  # members.id; a member belongs to a grid, so no FK cycle
)

communities = Table(
    "communities",
    metadata,
    _id(),
    Column("name", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # urban community or village
    Column("township_id", ForeignKey("townships.id"), nullable=False),
    Column("grid_id", ForeignKey("grids.id"), nullable=False),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
)

districts = Table(
    "districts",
    metadata,
    _id(),
    Column("name", String(64), nullable=False),
    Column("township_id", ForeignKey("townships.id"), nullable=False),
    Column("station_id", ForeignKey("stations.id"), nullable=False),
    Column("grid_id", ForeignKey("grids.id"), nullable=False, index=True),
    Column("community_id", ForeignKey("communities.id"), nullable=False),
    Column("households", Integer, nullable=False),
    Column("area_class", String(8), nullable=False),  # urban, rural, remote
    Column("lon", Float, nullable=False),  # the transformer
    Column("lat", Float, nullable=False),
)

members = Table(
    "members",
    metadata,
    _id(),
    Column("kind", String(16), nullable=False),  # staff or community
    Column("name", String(64), nullable=False),
    Column("role", String(16), nullable=False),  # leader, staff, community
    Column("specialty", String(16)),
    Column("skills", String(128), nullable=False),  # comma-separated
    Column("station_id", ForeignKey("stations.id"), nullable=False),
    Column("grid_id", ForeignKey("grids.id"), nullable=False, index=True),
    Column("community_id", ForeignKey("communities.id")),
    Column("phone", String(32)),
    Column("joined_on", String(10), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
)

service_windows = Table(
    "service_windows",
    metadata,
    _id(),
    Column("name", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("grid_id", ForeignKey("grids.id"), nullable=False),
    Column("district_id", ForeignKey("districts.id"), nullable=False),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("responsible_id", ForeignKey("members.id"), nullable=False),
)

critical_customers = Table(
    "critical_customers",
    metadata,
    _id(),
    Column("name", String(128), nullable=False),
    Column("kind", String(16), nullable=False),  # hospital, water_works, shelter
    Column("account_no", String(16), nullable=False, unique=True),
    Column("district_id", ForeignKey("districts.id"), nullable=False),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
)

customers = Table(
    "customers",
    metadata,
    Column("account_no", String(16), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("address", String(128), nullable=False),
    Column("phone", String(32), index=True),  # a caller found by the number they give
    Column("id_number", String(32)),
    Column("district_id", ForeignKey("districts.id"), nullable=False, index=True),
    Column("community_id", ForeignKey("communities.id"), nullable=False),
    Column("grid_id", ForeignKey("grids.id"), nullable=False, index=True),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("phone_verified_at", DateTime),
    Column("phone_verified_by", ForeignKey("members.id")),
    Column("contract_signed_at", DateTime),
    Column("contract_helped_by", ForeignKey("members.id")),
    Column("prepaid_since", DateTime),
)

jobs = Table(
    "jobs",
    metadata,
    _id(),
    Column("type", String(16), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("district_id", ForeignKey("districts.id"), nullable=False),
    Column("grid_id", ForeignKey("grids.id"), nullable=False, index=True),
    Column("area_class", String(8), nullable=False),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("deadline", DateTime, nullable=False),
    Column("calls", Integer, nullable=False, default=1),
    Column("status", String(16), nullable=False, index=True),
    Column("member_id", ForeignKey("members.id")),
    Column("closed_at", DateTime),
    Column("reason", Text),
    # bumped by every write: a commit made from an older view is refused (no job is
    # ever assigned twice by two dispatchers)
    Column("version", Integer, nullable=False, server_default="0"),
    Column("flag", Text),  # for the dispatcher's attention (an urgent job placed by itself)
    Column("pinned", Boolean, nullable=False, server_default="0"),  # priority set by hand
)

requests = Table(
    "requests",
    metadata,
    _id(),
    Column("order_no", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("received_at", DateTime, nullable=False, index=True),
    Column("type", String(16), nullable=False),
    Column("account_no", ForeignKey("customers.account_no")),
    Column("district_id", ForeignKey("districts.id"), nullable=False),
    Column("grid_id", ForeignKey("grids.id"), nullable=False),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("description", Text),
    Column("reporter", String(64)),
    Column("contact_phone", String(32)),
    Column("reported_by_member", ForeignKey("members.id")),
    Column("job_id", ForeignKey("jobs.id"), index=True),
    UniqueConstraint("channel", "order_no", name="uq_request_order"),
)

job_events = Table(
    "job_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", ForeignKey("jobs.id"), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("by", String(64), nullable=False),
    Column("note", Text),
)

assignments = Table(
    "assignments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", ForeignKey("jobs.id"), nullable=False, index=True),
    Column("member_id", ForeignKey("members.id"), nullable=False, index=True),
    Column("assigned_at", DateTime, nullable=False),
    Column("assigned_by", String(64), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("seq", Integer),  # position in the member's committed route
    Column("eta", DateTime),  # planned arrival when committed
)

member_status = Table(
    "member_status",
    metadata,
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

attendance = Table(
    "attendance",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("member_id", ForeignKey("members.id"), nullable=False),
    Column("day", String(10), nullable=False),
    Column("scheduled_hours", Float, nullable=False),
    Column("attended_hours", Float, nullable=False),
    Column("check_in", DateTime),
    Column("check_out", DateTime),
    Index("ix_attendance_member_day", "member_id", "day"),
)

field_fixes = Table(  # a field member's positions: checking in and out of grid work, and between
    "field_fixes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("member_id", ForeignKey("members.id"), nullable=False),
    Column("kind", String(8), nullable=False),  # in, out, fix
    Column("at", DateTime, nullable=False),
    Column("lon", Float),  # none: the phone gave no position
    Column("lat", Float),
    Column("accuracy_m", Float),
    Column("key", String(64), unique=True),  # the phone's idempotency key: a resend is one fix
    Index("ix_field_fixes_member_at", "member_id", "at"),
)

field_sends = Table(  # a step or report a phone sent, by its key: a resend is taken once
    "field_sends",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("member_id", ForeignKey("members.id"), nullable=False),
    Column("what", String(16), nullable=False),  # step, report
    Column("at", DateTime, nullable=False),
)

photos = Table(  # a photo with a job's step or a report's request (never in logs)
    "photos",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", ForeignKey("jobs.id"), index=True),
    Column("request_id", ForeignKey("requests.id"), index=True),
    Column("member_id", ForeignKey("members.id"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("mime", String(16), nullable=False),  # image/jpeg, image/png
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

group_posts = Table(  # the grid work groups: the system's events and people's messages
    "group_posts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("group_id", String(16), nullable=False),  # a grid's id, or "management"
    Column("at", DateTime, nullable=False),
    Column("by", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # message, or the event: new job, done…
    Column("text", Text, nullable=False),  # customers' numbers already masked
    Index("ix_group_posts_group_at", "group_id", "at"),
)

group_robots = Table(  # a group's WeCom or DingTalk robot (the URL holds its secret key)
    "group_robots",
    metadata,
    Column("group_id", String(16), primary_key=True),
    Column("kind", String(16), primary_key=True),  # wecom, dingtalk
    Column("url", Text, nullable=False),
)

outbox = Table(  # a post waiting for its robot: sent by a worker, retried with backoff
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("post_id", ForeignKey("group_posts.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("url", Text, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_at", DateTime, nullable=False),
    Column("sent_at", DateTime),
    Column("answer", String(200)),  # the robot's last answer or the network's error
    Index("ix_outbox_pending", "sent_at", "next_at"),
)


audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("user", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", String(64)),
    Column("before", Text),  # JSON
    Column("after", Text),  # JSON
)

# The audit trail is append-only in the database itself (triggers the migrations make).

flood_areas = Table(
    "flood_areas",
    metadata,
    _id(),
    Column("name", String(128), nullable=False),
    Column("geometry", Geometry(), nullable=False),  # GeoJSON in and out; PostGIS on PostgreSQL
    Column("isolated", Boolean, nullable=False),  # de-energised: repairs inside may start
    Column("source", String(32), nullable=False),  # drawn, upload, low ground, demo
    Column("kind", String(16), nullable=False, server_default="flood"),  # or closure (roads)
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("active", Boolean, nullable=False),
)

member_history = Table(
    "member_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("member_id", ForeignKey("members.id"), nullable=False, index=True),
    Column("grid_id", ForeignKey("grids.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("role", String(16), nullable=False),
    Column("start_day", String(10), nullable=False),  # CST calendar day
    Column("end_day", String(10)),  # exclusive; empty while current
    Column("reason", Text),
)

billing = Table(
    "billing",
    metadata,
    Column("district_id", ForeignKey("districts.id"), primary_key=True),
    Column("month", String(7), primary_key=True),  # YYYY-MM, CST
    Column("billed", Float, nullable=False),  # yuan
    Column("collected", Float, nullable=False),  # yuan, by the month's end
)

member_reviews = Table(
    "member_reviews",
    metadata,
    Column("member_id", ForeignKey("members.id"), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("rating", Integer),  # the grid leader's 1–5, optional
    Column("note", Text),
    Column("by", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
)

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("note", Text),
    Column("min_households", Integer, nullable=False),
    Column("max_households", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("made_live_at", DateTime),  # the latest time it became the live grids
    Column("made_live_by", String(64)),
)

plan_districts = Table(
    "plan_districts",
    metadata,
    Column("plan_id", ForeignKey("plans.id"), primary_key=True),
    Column("district_id", ForeignKey("districts.id"), primary_key=True),
    Column("grid_id", String(32), nullable=False),  # may not exist until the plan goes live
    Column("locked", Boolean, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("display_name", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("grid_id", ForeignKey("grids.id")),  # a grid leader's own grid
    Column("email", String(128), unique=True),  # matched with st.login's identity
    Column("password_hash", String(256)),  # argon2; empty for identity-provider users
    Column("active", Boolean, nullable=False),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("language", String(8)),  # the user's choice (i18n.LANGUAGES); none: the default
    # a field member's roster row (dispatch.roles.FIELD), one user per member
    Column("member_id", ForeignKey("members.id", name="fk_users_member_id")),
    Column("code_hash", String(256)),  # argon2 of a one-time access code, until redeemed
    Column("code_expires_at", DateTime),
    UniqueConstraint("member_id", name="uq_users_member_id"),
)

sessions = Table(  # built-in sign-ins that outlive a page reload (a cookie holds the token)
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # sha-256 of the token, never it
    Column("username", ForeignKey("users.username"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("ended_at", DateTime),  # signed out
)

#: Tables in the order they are filled (parents before children).
LOAD_ORDER = (
    stations,
    townships,
    grids,
    communities,
    districts,
    members,
    member_history,
    service_windows,
    critical_customers,
    customers,
    jobs,
    requests,
    job_events,
    assignments,
    member_status,
    attendance,
    billing,
)


def create(engine: Engine) -> None:
    """The store's tables at the newest schema in an empty database; a store behind it is
    refused with what to run (`python -m store upgrade`, see `store.migrate`)."""
    from store import migrate  # the migrations read this module's tables

    migrate.create(engine)
