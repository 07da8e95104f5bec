-- The SQLite schema of a store made before migrations (DualGrid at commit c86587e,
-- `python -m store load-demo`): the upgrade test builds such a store from it.

CREATE TABLE assignments (
	id INTEGER NOT NULL, 
	job_id VARCHAR(32) NOT NULL, 
	member_id VARCHAR(32) NOT NULL, 
	assigned_at DATETIME NOT NULL, 
	assigned_by VARCHAR(64) NOT NULL, 
	active BOOLEAN NOT NULL, 
	seq INTEGER, 
	eta DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(job_id) REFERENCES jobs (id), 
	FOREIGN KEY(member_id) REFERENCES members (id)
);
CREATE TABLE attendance (
	id INTEGER NOT NULL, 
	member_id VARCHAR(32) NOT NULL, 
	day VARCHAR(10) NOT NULL, 
	scheduled_hours FLOAT NOT NULL, 
	attended_hours FLOAT NOT NULL, 
	check_in DATETIME, 
	check_out DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(member_id) REFERENCES members (id)
);
CREATE TABLE audit (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	user VARCHAR(64) NOT NULL, 
	action VARCHAR(32) NOT NULL, 
	entity VARCHAR(32) NOT NULL, 
	entity_id VARCHAR(64), 
	"before" TEXT, 
	"after" TEXT, 
	PRIMARY KEY (id)
);
CREATE TABLE billing (
	district_id VARCHAR(32) NOT NULL, 
	month VARCHAR(7) NOT NULL, 
	billed FLOAT NOT NULL, 
	collected FLOAT NOT NULL, 
	PRIMARY KEY (district_id, month), 
	FOREIGN KEY(district_id) REFERENCES districts (id)
);
CREATE TABLE communities (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	township_id VARCHAR(32) NOT NULL, 
	grid_id VARCHAR(32) NOT NULL, 
	lon FLOAT NOT NULL, 
	lat FLOAT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(township_id) REFERENCES townships (id), 
	FOREIGN KEY(grid_id) REFERENCES grids (id)
);
CREATE TABLE critical_customers (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	account_no VARCHAR(16) NOT NULL, 
	district_id VARCHAR(32) NOT NULL, 
	lon FLOAT NOT NULL, 
	lat FLOAT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (account_no), 
	FOREIGN KEY(district_id) REFERENCES districts (id)
);
CREATE TABLE customers (
	account_no VARCHAR(16) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	address VARCHAR(128) NOT NULL, 
	phone VARCHAR(32), 
	id_number VARCHAR(32), 
	district_id VARCHAR(32) NOT NULL, 
	community_id VARCHAR(32) NOT NULL, 
	grid_id VARCHAR(32) NOT NULL, 
	lon FLOAT NOT NULL, 
	lat FLOAT NOT NULL, 
	phone_verified_at DATETIME, 
	phone_verified_by VARCHAR(32), 
	contract_signed_at DATETIME, 
	contract_helped_by VARCHAR(32), 
	prepaid_since DATETIME, 
	PRIMARY KEY (account_no), 
	FOREIGN KEY(district_id) REFERENCES districts (id), 
	FOREIGN KEY(community_id) REFERENCES communities (id), 
	FOREIGN KEY(grid_id) REFERENCES grids (id), 
	FOREIGN KEY(phone_verified_by) REFERENCES members (id), 
	FOREIGN KEY(contract_helped_by) REFERENCES members (id)
);
CREATE TABLE districts (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	township_id VARCHAR(32) NOT NULL, 
	station_id VARCHAR(32) NOT NULL, 
	grid_id VARCHAR(32) NOT NULL, 
	community_id VARCHAR(32) NOT NULL, 
	households INTEGER NOT NULL, 
	area_class VARCHAR(8) NOT NULL, 
	lon FLOAT NOT NULL, 
	lat FLOAT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(township_id) REFERENCES townships (id), 
	FOREIGN KEY(station_id) REFERENCES stations (id), 
	FOREIGN KEY(grid_id) REFERENCES grids (id), 
	FOREIGN KEY(community_id) REFERENCES communities (id)
);
CREATE TABLE flood_areas (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	geometry TEXT NOT NULL, 
	isolated BOOLEAN NOT NULL, 
	source VARCHAR(32) NOT NULL, 
	kind VARCHAR(16) DEFAULT 'flood' NOT NULL, 
	created_at DATETIME NOT NULL, 
	created_by VARCHAR(64) NOT NULL, 
	active BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE grids (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	station_id VARCHAR(32) NOT NULL, 
	leader_id VARCHAR(32), 
	PRIMARY KEY (id), 
	FOREIGN KEY(station_id) REFERENCES stations (id)
);
CREATE TABLE job_events (
	id INTEGER NOT NULL, 
	job_id VARCHAR(32) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	at DATETIME NOT NULL, 
	"by" VARCHAR(64) NOT NULL, 
	note TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(job_id) REFERENCES jobs (id)
);
CREATE TABLE jobs (
	id VARCHAR(32) NOT NULL, 
	type VARCHAR(16) NOT NULL, 
	priority INTEGER NOT NULL, 
	district_id VARCHAR(32) NOT NULL, 
	grid_id VARCHAR(32) NOT NULL, 
	area_class VARCHAR(8) NOT NULL, 
	lon FLOAT NOT NULL, 
	lat FLOAT NOT NULL, 
	created_at DATETIME NOT NULL, 
	deadline DATETIME NOT NULL, 
	calls INTEGER NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	member_id VARCHAR(32), 
	closed_at DATETIME, 
	reason TEXT, 
	version INTEGER DEFAULT '0' NOT NULL, 
	flag TEXT, 
	pinned BOOLEAN DEFAULT '0' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(district_id) REFERENCES districts (id), 
	FOREIGN KEY(grid_id) REFERENCES grids (id), 
	FOREIGN KEY(member_id) REFERENCES members (id)
);
CREATE TABLE member_history (
	id INTEGER NOT NULL, 
	member_id VARCHAR(32) NOT NULL, 
	grid_id VARCHAR(32) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	start_day VARCHAR(10) NOT NULL, 
	end_day VARCHAR(10), 
	reason TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(member_id) REFERENCES members (id), 
	FOREIGN KEY(grid_id) REFERENCES grids (id)
);
CREATE TABLE member_reviews (
	member_id VARCHAR(32) NOT NULL, 
	month VARCHAR(7) NOT NULL, 
	rating INTEGER, 
	note TEXT, 
	"by" VARCHAR(64) NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (member_id, month), 
	FOREIGN KEY(member_id) REFERENCES members (id)
);
CREATE TABLE member_status (
	member_id VARCHAR(32) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	lon FLOAT NOT NULL, 
	lat FLOAT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (member_id), 
	FOREIGN KEY(member_id) REFERENCES members (id)
);
CREATE TABLE members (
	id VARCHAR(32) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	specialty VARCHAR(16), 
	skills VARCHAR(128) NOT NULL, 
	station_id VARCHAR(32) NOT NULL, 
	grid_id VARCHAR(32) NOT NULL, 
	community_id VARCHAR(32), 
	phone VARCHAR(32), 
	joined_on VARCHAR(10) NOT NULL, 
	active BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(station_id) REFERENCES stations (id), 
	FOREIGN KEY(grid_id) REFERENCES grids (id), 
	FOREIGN KEY(community_id) REFERENCES communities (id)
);
CREATE TABLE meta (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE plan_districts (
	plan_id INTEGER NOT NULL, 
	district_id VARCHAR(32) NOT NULL, 
	grid_id VARCHAR(32) NOT NULL, 
	locked BOOLEAN NOT NULL, 
	PRIMARY KEY (plan_id, district_id), 
	FOREIGN KEY(plan_id) REFERENCES plans (id), 
	FOREIGN KEY(district_id) REFERENCES districts (id)
);
CREATE TABLE plans (
	id INTEGER NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	note TEXT, 
	min_households INTEGER NOT NULL, 
	max_households INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	created_by VARCHAR(64) NOT NULL, 
	made_live_at DATETIME, 
	made_live_by VARCHAR(64), 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE requests (
	id VARCHAR(32) NOT NULL, 
	order_no VARCHAR(64) NOT NULL, 
	channel VARCHAR(16) NOT NULL, 
	received_at DATETIME NOT NULL, 
	type VARCHAR(16) NOT NULL, 
	account_no VARCHAR(16), 
	district_id VARCHAR(32) NOT NULL, 
	grid_id VARCHAR(32) NOT NULL, 
	lon FLOAT NOT NULL, 
	lat FLOAT NOT NULL, 
	description TEXT, 
	reporter VARCHAR(64), 
	contact_phone VARCHAR(32), 
	reported_by_member VARCHAR(32), 
	job_id VARCHAR(32), 
	PRIMARY KEY (id), 
	CONSTRAINT uq_request_order UNIQUE (channel, order_no), 
	FOREIGN KEY(account_no) REFERENCES customers (account_no), 
	FOREIGN KEY(district_id) REFERENCES districts (id), 
	FOREIGN KEY(grid_id) REFERENCES grids (id), 
	FOREIGN KEY(reported_by_member) REFERENCES members (id), 
	FOREIGN KEY(job_id) REFERENCES jobs (id)
);
CREATE TABLE service_windows (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	grid_id VARCHAR(32) NOT NULL, 
	district_id VARCHAR(32) NOT NULL, 
	lon FLOAT NOT NULL, 
	lat FLOAT NOT NULL, 
	responsible_id VARCHAR(32) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(grid_id) REFERENCES grids (id), 
	FOREIGN KEY(district_id) REFERENCES districts (id), 
	FOREIGN KEY(responsible_id) REFERENCES members (id)
);
CREATE TABLE sessions (
	token_hash VARCHAR(64) NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	ended_at DATETIME, 
	PRIMARY KEY (token_hash), 
	FOREIGN KEY(username) REFERENCES users (username)
);
CREATE TABLE stations (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	office_lon FLOAT NOT NULL, 
	office_lat FLOAT NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE townships (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	name_en VARCHAR(64) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	station_id VARCHAR(32) NOT NULL, 
	remote BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(station_id) REFERENCES stations (id)
);
CREATE TABLE users (
	username VARCHAR(64) NOT NULL, 
	display_name VARCHAR(64) NOT NULL, 
	role VARCHAR(32) NOT NULL, 
	grid_id VARCHAR(32), 
	email VARCHAR(128), 
	password_hash VARCHAR(256), 
	active BOOLEAN NOT NULL, 
	failed_logins INTEGER DEFAULT '0' NOT NULL, 
	locked_until DATETIME, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (username), 
	FOREIGN KEY(grid_id) REFERENCES grids (id), 
	UNIQUE (email)
);
CREATE INDEX ix_assignments_job_id ON assignments (job_id);
CREATE INDEX ix_assignments_member_id ON assignments (member_id);
CREATE INDEX ix_attendance_member_day ON attendance (member_id, day);
CREATE INDEX ix_audit_at ON audit (at);
CREATE INDEX ix_customers_district_id ON customers (district_id);
CREATE INDEX ix_customers_grid_id ON customers (grid_id);
CREATE INDEX ix_customers_phone ON customers (phone);
CREATE INDEX ix_districts_grid_id ON districts (grid_id);
CREATE INDEX ix_job_events_job_id ON job_events (job_id);
CREATE INDEX ix_jobs_created_at ON jobs (created_at);
CREATE INDEX ix_jobs_grid_id ON jobs (grid_id);
CREATE INDEX ix_jobs_status ON jobs (status);
CREATE INDEX ix_member_history_member_id ON member_history (member_id);
CREATE INDEX ix_members_grid_id ON members (grid_id);
CREATE INDEX ix_requests_job_id ON requests (job_id);
CREATE INDEX ix_requests_received_at ON requests (received_at);
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
