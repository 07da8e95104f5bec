"""Every session-state and widget key of the app, named in one place: `page.thing`.

A widget's key is its session-state key too, so both kinds live here; so do the names
of the places a confirmation lands (`ui.state.flash`: ``flash.<place>``), of what a view
remembers it showed (``seen.<key>``) and of a long action's held request
(``asked.<key>``). Keys made per record or per generation are the small functions below
their page's constants: a new generation of a form's keys empties the form, a record's
own key keeps one record's widget from carrying to another's. The strings never change:
the app's tests (AppTest, Playwright) find widgets by them. tests/ui/test_session_keys.py
fails on a key written anywhere else.
"""

from __future__ import annotations

import hashlib
from typing import Final

# ---- ui/state.py: where the helpers keep what they hold --------------------------------


def flash(place: str) -> str:
    """The messages waiting to be shown at a place (`ui.state.flash`)."""
    return f"flash.{place}"


def seen(key: str) -> str:
    """What a view showed under ``key`` on the run before (`ui.state.seen`)."""
    return f"seen.{key}"


def asked(key: str) -> str:
    """A long action's request, held until it has run (`ui.state.asked`)."""
    return f"asked.{key}"


# ---- sign-in and the sidebar (ui/auth.py, ui/shell.py) ---------------------------------

AUTH_USER: Final = "auth.user"  # the signed-in `store.users.User`
AUTH_TOKEN: Final = "auth.token"  # this browser's built-in session (see store.sessions)
AUTH_ENDED: Final = "auth.ended"  # the session was ended elsewhere: the sign-in page says so
AUTH_SIGNED_OUT: Final = "auth.signed_out"  # the token signed out here (its cookie is stale)
AUTH_LOGIN: Final = "auth.login"  # the sign-in form
AUTH_USERNAME: Final = "auth.username"  # its fields
AUTH_PASSWORD: Final = "auth.password"
AUTH_SIGN_OUT: Final = "auth.signout"  # the sidebar's button
AUTH_FIRST: Final = "auth.first"  # the first sign-in with an access code (field members)
AUTH_FIRST_USERNAME: Final = "auth.first.username"  # its fields
AUTH_FIRST_CODE: Final = "auth.first.code"
AUTH_FIRST_PASSWORD: Final = "auth.first.password"
AUTH_FIRST_AGAIN: Final = "auth.first.again"

# ---- ui/lang.py ------------------------------------------------------------------------

LANGUAGE: Final = "lang.choice"  # the sidebar's language switch (i18n.LANGUAGES)
LANGUAGE_PICKED: Final = "lang.picked"  # what the user picked on it in this session

# ---- county map (views/county_map.py, ui/county_map.py) --------------------------------

MAP_GRID: Final = "map.grid"  # the grid selected on the county map
MAP_LAST_CLICK: Final = "map.last_click"  # the last map click already handled
MAP_ONLINE_TILES: Final = "map.online_tiles"  # the online base map switch
MAP: Final = "county-map"  # the map itself

# ---- dispatch board (views/board.py, ui/board.py, ui/board_sheets.py) ------------------

BOARD_VIEW: Final = "board.view"  # Board, Intake, Job, Crews or Task sheets
BOARD_PROPOSAL: Final = "board.proposal"  # the plan proposed, under review (its keys below)
BOARD_REVIEW: Final = "board.review"  # where the proposal's review and commit confirm
BOARD_SCOPE: Final = "board.scope"  # who may serve a job
BOARD_SECONDS: Final = "board.seconds"  # the solver's search time
BOARD_MOVES: Final = "board.moves"  # which assigned work a re-plan may move
BOARD_PLAN: Final = "board.plan"  # the Plan button, and its request held (`asked`)
BOARD_MAP: Final = "board-map"
BOARD_SHEET: Final = "board.sheet"  # the member whose task sheet is shown
BOARD_SHEET_MAP: Final = "sheet-map"
BOARD_CREW_SIZES: Final = "board.crew.sizes"  # the two-person work form, where it confirms
BOARD_CREW_TYPES: Final = "board.crew.types"  # the job types that need a crew of two
BOARD_CREWS: Final = "board.crews"  # where a change of the shift's crews confirms
BOARD_CREW_PAIR: Final = "board.crew.pair"  # the pairing form and its two members
BOARD_CREW_LEAD: Final = "board.crew.lead"
BOARD_CREW_MATE: Final = "board.crew.mate"
BOARD_CREW_SPLIT: Final = "board.crew.split"  # the split form and the crew it splits
BOARD_CREW_SPLIT_PICK: Final = "board.crew.split.pick"

# ---- the board's demo day, in the sidebar (ui/board_header.py) -------------------------

REPLAY_SPEED: Final = "replay.speed"
REPLAY_PLAY: Final = "replay.play"
REPLAY_STOP: Final = "replay.stop"

# ---- the board's Job view (ui/board_job.py) --------------------------------------------

BOARD_JOB: Final = "board.job"  # the job picked
BOARD_JOB_STEPPED: Final = "board.job.stepped"  # jobs stepped in this session, kept once closed
BOARD_JOB_RESULT: Final = "board.job.result"  # where a step confirms
BOARD_UNMASK: Final = "board.unmask"  # a caller's number in full: the form and its fields
BOARD_UNMASK_CALL: Final = "board.unmask.call"
BOARD_UNMASK_WHY: Final = "board.unmask.why"


def board_job_seen(job_id: str) -> str:
    """The job's status and version as the Job view showed them (`ui.state.seen`)."""
    return f"board.job.{job_id}"


def board_step_form(job_id: str) -> str:
    return f"board.step.{job_id}"


def board_step(job_id: str, status: str) -> str:
    """The next step's choice: a new one whenever the job's status changes."""
    return f"board.step.{job_id}.{status}"


def board_reason(job_id: str) -> str:
    return f"board.reason.{job_id}"


# ---- the board's intake (ui/board_intake.py) -------------------------------------------

INTAKE_ONE: Final = "board.intake"  # where the one-request form confirms
INTAKE_FILE: Final = "board.intake.file"  # where a file of work orders confirms
INTAKE_FORM: Final = "intake.one"  # the one-request form
INTAKE_GENERATION: Final = "intake.form"  # bumped when a request is in: the next form is new
INTAKE_FILE_GENERATION: Final = "intake.file.gen"  # bumped when a file is in: the uploader empties
INTAKE_IMPORT: Final = "intake.import"  # the file's Import button


def intake_field(name: str, generation: int) -> str:
    """One field of the one-request form (``intake.account.0``)."""
    return f"intake.{name}.{generation}"


def intake_upload(generation: int) -> str:
    return f"intake.file.{generation}"


# ---- a proposal under review (ui/board_review.py), keyed by the proposal's own key -----
# (``BOARD_PROPOSAL`` or ``FLOOD_PROPOSAL``)


def review_accept(proposal: str, plan_id: int) -> str:
    """The routes to accept: a new table for every plan (a moved job makes a new one)."""
    return f"{proposal}.accept.{plan_id}"


def review_json(proposal: str) -> str:
    return f"{proposal}.json"


def review_move(proposal: str) -> str:
    """The move-one-job form, and where its move confirms."""
    return f"{proposal}.move"


def review_move_job(proposal: str) -> str:
    return f"{proposal}.move.job"


def review_move_to(proposal: str) -> str:
    return f"{proposal}.move.to"


def review_tick(proposal: str, plan_id: int) -> str:
    """The tick for work the commit takes off a crew: never carried to another plan."""
    return f"{proposal}.tick.{plan_id}"


def review_commit(proposal: str) -> str:
    return f"{proposal}.commit"


def review_discard(proposal: str) -> str:
    return f"{proposal}.discard"


# ---- customers (ui/customers.py) -------------------------------------------------------

CUSTOMERS_TEXT: Final = "customers.text"  # the search box


def customers_matches(text: str) -> str:
    """The matches of one search: a row picked never carries to another search's."""
    return "customers.matches." + hashlib.sha256(text.strip().encode()).hexdigest()[:12]


def customers_unmask(account_no: str) -> str:
    """The show-in-full form of one customer's record, and its fields below."""
    return f"customers.unmask.{account_no}"


def customers_field(account_no: str) -> str:
    return f"customers.field.{account_no}"


def customers_why(account_no: str) -> str:
    return f"customers.why.{account_no}"


# ---- monthly evaluation (views/evaluation.py, ui/evaluation_views.py) ------------------

EVALUATION_MONTH: Final = "evaluation.month"
EVALUATION_VIEW: Final = "evaluation.view"
EVALUATION_SAVE_WEIGHTS: Final = "evaluation.save_weights"
EVALUATION_GRID: Final = "evaluation.grid"  # the ranking's drill-down
EVALUATION_MEMBERS_GRID: Final = "evaluation.members.grid"
EVALUATION_REVIEW: Final = "evaluation.review"  # where the leader's review confirms
EVALUATION_REVIEW_GENERATION: Final = "evaluation.review.gen"  # bumped when a review is saved
EVALUATION_TREND: Final = "evaluation.trend"  # the indicator of the trends
EVALUATION_TREND_GRIDS: Final = "evaluation.trend.grids"


def evaluation_weight(indicator: str) -> str:
    return f"evaluation.w.{indicator}"


def evaluation_review_form(generation: int) -> str:
    return f"evaluation.review.{generation}"


def evaluation_review_who(grid: str, generation: int) -> str:
    return f"evaluation.review.who.{grid}.{generation}"


def evaluation_review_rating(generation: int) -> str:
    return f"evaluation.review.rating.{generation}"


def evaluation_review_note(generation: int) -> str:
    return f"evaluation.review.note.{generation}"


# ---- flood emergency (views/flood.py, ui/flood.py, ui/flood_report.py) -----------------

FLOOD_VIEW: Final = "flood.view"  # Situation or Report
FLOOD_PROPOSAL: Final = "flood.proposal"  # the surge plan proposed, its request held (`asked`)
FLOOD_REVIEW: Final = "flood.review"  # where the surge plan's review and its commit confirm
FLOOD_AREAS: Final = "flood.areas"  # where a change to the areas confirms
FLOOD_DRAWN: Final = "flood.drawn"  # the last area drawn on the map
FLOOD_DEMO: Final = "flood.demo"
FLOOD_LEVEL: Final = "flood.level"  # the gauge level of the low ground
FLOOD_LOW: Final = "flood.low"
FLOOD_KIND: Final = "flood.kind"  # water or a road closure
FLOOD_NAME: Final = "flood.name"
FLOOD_UPLOAD: Final = "flood.upload"
FLOOD_ADD_UPLOAD: Final = "flood.add_upload"
FLOOD_ADD_DRAWN: Final = "flood.add_drawn"
FLOOD_CLEAR: Final = "flood.clear"
FLOOD_MAP: Final = "flood-map"
FLOOD_PIN: Final = "flood.pin"  # the pin form, the versions it showed (`seen`), its confirmation
FLOOD_PIN_JOB: Final = "flood.pin.job"
FLOOD_PIN_LEVEL: Final = "flood.pin.level"
FLOOD_POOL: Final = "flood.pool"  # the surge plan's settings
FLOOD_SHIFT: Final = "flood.shift"
FLOOD_SECONDS: Final = "flood.seconds"
FLOOD_STAGE: Final = "flood.stage"
FLOOD_MOVES: Final = "flood.moves"
FLOOD_PLAN: Final = "flood.plan"  # the "Plan the surge" button


def flood_isolated(area_id: str) -> str:
    """An area's *isolated* tick."""
    return f"flood.iso.{area_id}"


# ---- grid planning (views/planning.py, ui/planning*.py) --------------------------------

PLANNING_PANE: Final = "planning.pane"  # Edit, Compare or Saved plans
PLANNING_WORK: Final = "planning.work"  # this session's working plan (`ui.planning.Working`)
PLANNING_LO: Final = "planning.lo"  # the household bounds
PLANNING_HI: Final = "planning.hi"
PLANNING_STATION: Final = "planning.station"  # the automatic plan's settings
PLANNING_KEEP: Final = "planning.keep"
PLANNING_SECONDS: Final = "planning.seconds"
PLANNING_RAN: Final = "planning.ran"  # the automatic plan's seconds and problems, said once
PLANNING_COMPARE_A: Final = "planning.compare.a"
PLANNING_COMPARE_B: Final = "planning.compare.b"


def planning_compare_map(side: str) -> str:
    """Plan A's map (``a``) or plan B's (``b``)."""
    return f"planning-compare-{side}"


def plan_download(name: str, kind: str) -> str:
    """A plan's download button (``working-plan.geojson``, ``plan-3.gpkg``)."""
    return f"{name}.{kind}"


# the Edit view (ui/planning_edit.py)
PLANNING_EDIT_MAP: Final = "planning-edit-map"
PLANNING_DISTRICT: Final = "planning.district"  # the district picked
PLANNING_CLICKED: Final = "planning.clicked"  # the last district clicked on the map
PLANNING_PENDING: Final = "planning.pending"  # a click for the picker to take before it is drawn
PLANNING_SAID: Final = "planning.said"  # the last edit's outcome, shown beside its button
PLANNING_UNDO: Final = "planning.undo"
PLANNING_MOVE: Final = "planning.move"
PLANNING_LOCK: Final = "planning.lock"


def planning_target(district: str, targets: list[str]) -> str:
    """The paint box: a new box whenever the district or its targets change, so the
    browser never keeps a choice from another district's box."""
    return f"planning.target.{district}.{'.'.join(targets)}"


# the Saved plans view (ui/planning_saved.py); ``where`` names a saved plan and its version
PLANNING_SAVE: Final = "planning.save"  # the save form and its fields
PLANNING_SAVE_NAME: Final = "planning.save.name"
PLANNING_SAVE_NOTE: Final = "planning.save.note"
PLANNING_SAVED: Final = "planning.saved"  # the saved plan picked
PLANNING_SAVED_SAID: Final = "planning.saved.said"  # the last action's outcome, beside its button
PLANNING_SAVED_LAST: Final = "planning.saved.last"  # (name, working version) of the last save
PLANNING_SAVED_GO: Final = "planning.saved.go"  # a make-live confirmed, run beside its button


def planning_open(where: str) -> str:
    return f"planning.open.{where}"


def planning_delete(where: str) -> str:
    return f"planning.delete.{where}"


def planning_sure(where: str) -> str:
    """The make-live tick: a tick for one plan never carries to another."""
    return f"planning.sure.{where}"


def planning_live(where: str) -> str:
    return f"planning.live.{where}"


# ---- roster (views/roster.py, ui/roster.py) --------------------------------------------

ROSTER_GRID: Final = "roster.grid"
ROSTER_ADD: Final = "roster.add"  # where adding a member confirms
ROSTER_ADD_GENERATION: Final = "roster.add.gen"  # bumped when a member is added: the form empties
ROSTER_CHANGE: Final = "roster.change"  # where a move or a retirement confirms
ROSTER_FILE: Final = "roster.file"  # where an import confirms
ROSTER_UPLOAD_GENERATION: Final = "roster.upload.gen"  # bumped on an import: the uploader empties
ROSTER_CHECK: Final = "roster.check"
ROSTER_IMPORT: Final = "roster.import"
ROSTER_ACCESS: Final = "roster.access"  # where a member's new access code is shown


def roster_add_form(generation: int) -> str:
    return f"roster.add.{generation}"


def roster_add_field(name: str, generation: int) -> str:
    """A field of the add form (``roster.add.name.0``)."""
    return f"roster.add.{name}.{generation}"


def roster_member(grid: str) -> str:
    """The member picked in a grid."""
    return f"roster.member.{grid}"


def roster_move_form(member: str) -> str:
    return f"roster.move.{member}"


def roster_move_to(member: str) -> str:
    return f"roster.move.to.{member}"


def roster_access(member: str) -> str:
    """The button giving ``member`` a one-time access code for their phone."""
    return f"roster.access.{member}"


def roster_retire_form(member: str) -> str:
    return f"roster.retire.{member}"


def roster_reason(member: str) -> str:
    return f"roster.reason.{member}"


def roster_upload(generation: int) -> str:
    return f"roster.upload.{generation}"


def roster_rows(file_id: str) -> str:
    """The rows of an uploaded roster file, read once its check is clicked."""
    return f"roster.rows.{file_id}"


# ---- users (ui/users.py) ---------------------------------------------------------------

USERS_ADD: Final = "users.add"  # where adding a user confirms
USERS_ADD_GENERATION: Final = "users.add.gen"  # bumped when a user is added: the form empties
USERS_CHANGE: Final = "users.change"  # where a change, retirement or reactivation confirms
USERS_WHO: Final = "users.who"  # the user picked


def users_add_form(generation: int) -> str:
    return f"users.add.{generation}"


def users_add_field(name: str, generation: int) -> str:
    """A field of the add form (``users.add.name.0``)."""
    return f"users.add.{name}.{generation}"


def users_change_form(username: str) -> str:
    return f"users.change.{username}"


def users_change_field(name: str, username: str) -> str:
    """A field of one user's change form (``users.change.role.wang``)."""
    return f"users.change.{name}.{username}"


def users_retire(username: str) -> str:
    return f"users.retire.{username}"


def users_reactivate(username: str) -> str:
    return f"users.reactivate.{username}"


# ---- views/field.py: a field member's phone ---------------------------------------------

FIELD_TASKS: Final = "field.tasks"  # where a step confirms
FIELD_WORK: Final = "field.work"  # where a check-in or check-out confirms
FIELD_CHECK_IN: Final = "field.checkin"  # the buttons asking the phone where it is
FIELD_CHECK_OUT: Final = "field.checkout"
BOARD_MARK: Final = "board.mark"  # the store's change mark the open board last drew
FIELD_SHARE: Final = "field.share"  # the position shared while checked in
FIELD_REPORT: Final = "field.report"  # where a report confirms
FIELD_REPORT_KEY: Final = "field.report.key"  # the report being written: its resend key
FIELD_REPORT_TYPE: Final = "field.report.type"
FIELD_REPORT_GENERATION: Final = "field.report.generation"  # a new, empty form after a report
FIELD_REPORT_HERE: Final = "field.report.here"
FIELD_REPORT_MAP: Final = "field.report.map"
FIELD_CUSTOMER: Final = "field.customer"  # the account looked up on a visit
FIELD_CUSTOMER_PHONE: Final = "field.customer.phone"
GROUP: Final = "group"  # the work group shown, and where a message confirms
GROUP_MESSAGE: Final = "group.message"
GROUP_ROBOT_URL: Final = "group.robot.url"
GROUP_ROBOT_KIND: Final = "group.robot.kind"
GROUP_MESSAGE_FORM: Final = "group.message.form"
GROUP_ROBOT_FORM: Final = "group.robot.form"
FIELD_CUSTOMER_PHONE_FORM: Final = "field.customer.phone.form"


def field_step(job: str, status: str) -> str:
    """The button moving ``job`` to ``status``."""
    return f"field.step.{job}.{status}"


def field_report(part: str, generation: int) -> str:
    """A field of the report form (``text``, ``account``, ``photo``), emptied by a new
    ``generation`` once a report is taken."""
    return f"field.report.{part}.{generation}"


def field_send(job: str, version: int, status: str) -> str:
    """The store's resend key of a field step: the same tap arriving twice is one step."""
    return f"{job}-{version}-{status}"


def field_photo(job: str) -> str:
    """The photo and the note going with ``job``'s next step."""
    return f"field.photo.{job}"


def field_note(job: str) -> str:
    return f"field.note.{job}"


def field_failed_form(job: str) -> str:
    """The "could not finish" form of ``job``, and its reason field."""
    return f"field.failed.{job}"


def field_failed_reason(job: str) -> str:
    return f"field.failed.{job}.reason"


# ---- ui/onboarding.py: a county from its own files ---------------------------------------
ONBOARD_FILES: Final = "onboard.files"
ONBOARD_NAME: Final = "onboard.name"
ONBOARD_LO: Final = "onboard.lo"
ONBOARD_HI: Final = "onboard.hi"
ONBOARD_CHECK: Final = "onboard.check"
ONBOARD_LOAD: Final = "onboard.load"
ONBOARD_CHECKED: Final = "onboard.checked"  # (the files' ids, staged folder, the check)
ONBOARD_DONE: Final = "onboard.done"  # where loading confirms
ONBOARD_MAP: Final = "onboard.map"


def onboard_datum(file: str) -> str:
    """The datum chosen for one uploaded file."""
    return f"onboard.datum.{hashlib.sha1(file.encode()).hexdigest()[:10]}"


def board_crew_types(lang: str) -> str:
    """The two-person types' picker in a language: it keeps its choices as their labels,
    so each language has its own (switching shows the store's setting in the new one)."""
    return f"{BOARD_CREW_TYPES}.{lang}"
