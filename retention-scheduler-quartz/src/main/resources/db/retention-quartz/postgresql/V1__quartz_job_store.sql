-- Quartz 2.5 JDBC job store for clustered scheduling (retention-scheduler-quartz, CLEANUP_CLUSTERED=true).
-- Same columns and types as Quartz's own tables_postgres.sql, but under the retention_qrtz_ prefix,
-- with our own index names, and idempotent: Quartz's script drops its tables first.
-- Applied by the scheduler itself (QuartzTables, history in retention_quartz_schema_history) only
-- when clustered scheduling starts. Up to 0.1 the PostgreSQL adapter (its V4) created the same tables
-- with this same text: on such a database every statement here finds its object and does nothing.
-- Unquoted identifiers: PostgreSQL folds Quartz's upper-case SQL to these lower-case names.
-- No semicolons inside comments: some runners split this file on them.

CREATE TABLE IF NOT EXISTS retention_qrtz_job_details
(
  sched_name        VARCHAR(120) NOT NULL,
  job_name          VARCHAR(200) NOT NULL,
  job_group         VARCHAR(200) NOT NULL,
  description       VARCHAR(250) NULL,
  job_class_name    VARCHAR(250) NOT NULL,
  is_durable        BOOL         NOT NULL,
  is_nonconcurrent  BOOL         NOT NULL,
  is_update_data    BOOL         NOT NULL,
  requests_recovery BOOL         NOT NULL,
  job_data          BYTEA        NULL,
  CONSTRAINT retention_qrtz_job_details_pk PRIMARY KEY (sched_name, job_name, job_group)
);

CREATE TABLE IF NOT EXISTS retention_qrtz_triggers
(
  sched_name     VARCHAR(120) NOT NULL,
  trigger_name   VARCHAR(200) NOT NULL,
  trigger_group  VARCHAR(200) NOT NULL,
  job_name       VARCHAR(200) NOT NULL,
  job_group      VARCHAR(200) NOT NULL,
  description    VARCHAR(250) NULL,
  next_fire_time BIGINT       NULL,
  prev_fire_time BIGINT       NULL,
  priority       INTEGER      NULL,
  trigger_state  VARCHAR(16)  NOT NULL,
  trigger_type   VARCHAR(8)   NOT NULL,
  start_time     BIGINT       NOT NULL,
  end_time       BIGINT       NULL,
  calendar_name  VARCHAR(200) NULL,
  misfire_instr  SMALLINT     NULL,
  job_data       BYTEA        NULL,
  CONSTRAINT retention_qrtz_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
  CONSTRAINT retention_qrtz_triggers_job_fk FOREIGN KEY (sched_name, job_name, job_group)
    REFERENCES retention_qrtz_job_details (sched_name, job_name, job_group)
);

CREATE TABLE IF NOT EXISTS retention_qrtz_simple_triggers
(
  sched_name      VARCHAR(120) NOT NULL,
  trigger_name    VARCHAR(200) NOT NULL,
  trigger_group   VARCHAR(200) NOT NULL,
  repeat_count    BIGINT       NOT NULL,
  repeat_interval BIGINT       NOT NULL,
  times_triggered BIGINT       NOT NULL,
  CONSTRAINT retention_qrtz_simple_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
  CONSTRAINT retention_qrtz_simple_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
    REFERENCES retention_qrtz_triggers (sched_name, trigger_name, trigger_group)
);

CREATE TABLE IF NOT EXISTS retention_qrtz_cron_triggers
(
  sched_name      VARCHAR(120) NOT NULL,
  trigger_name    VARCHAR(200) NOT NULL,
  trigger_group   VARCHAR(200) NOT NULL,
  cron_expression VARCHAR(120) NOT NULL,
  time_zone_id    VARCHAR(80),
  CONSTRAINT retention_qrtz_cron_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
  CONSTRAINT retention_qrtz_cron_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
    REFERENCES retention_qrtz_triggers (sched_name, trigger_name, trigger_group)
);

CREATE TABLE IF NOT EXISTS retention_qrtz_simprop_triggers
(
  sched_name    VARCHAR(120)   NOT NULL,
  trigger_name  VARCHAR(200)   NOT NULL,
  trigger_group VARCHAR(200)   NOT NULL,
  str_prop_1    VARCHAR(512)   NULL,
  str_prop_2    VARCHAR(512)   NULL,
  str_prop_3    VARCHAR(512)   NULL,
  int_prop_1    INT            NULL,
  int_prop_2    INT            NULL,
  long_prop_1   BIGINT         NULL,
  long_prop_2   BIGINT         NULL,
  dec_prop_1    NUMERIC(13, 4) NULL,
  dec_prop_2    NUMERIC(13, 4) NULL,
  bool_prop_1   BOOL           NULL,
  bool_prop_2   BOOL           NULL,
  CONSTRAINT retention_qrtz_simprop_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
  CONSTRAINT retention_qrtz_simprop_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
    REFERENCES retention_qrtz_triggers (sched_name, trigger_name, trigger_group)
);

CREATE TABLE IF NOT EXISTS retention_qrtz_blob_triggers
(
  sched_name    VARCHAR(120) NOT NULL,
  trigger_name  VARCHAR(200) NOT NULL,
  trigger_group VARCHAR(200) NOT NULL,
  blob_data     BYTEA        NULL,
  CONSTRAINT retention_qrtz_blob_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
  CONSTRAINT retention_qrtz_blob_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group)
    REFERENCES retention_qrtz_triggers (sched_name, trigger_name, trigger_group)
);

CREATE TABLE IF NOT EXISTS retention_qrtz_calendars
(
  sched_name    VARCHAR(120) NOT NULL,
  calendar_name VARCHAR(200) NOT NULL,
  calendar      BYTEA        NOT NULL,
  CONSTRAINT retention_qrtz_calendars_pk PRIMARY KEY (sched_name, calendar_name)
);

CREATE TABLE IF NOT EXISTS retention_qrtz_paused_trigger_grps
(
  sched_name    VARCHAR(120) NOT NULL,
  trigger_group VARCHAR(200) NOT NULL,
  CONSTRAINT retention_qrtz_paused_trigger_grps_pk PRIMARY KEY (sched_name, trigger_group)
);

CREATE TABLE IF NOT EXISTS retention_qrtz_fired_triggers
(
  sched_name        VARCHAR(120) NOT NULL,
  entry_id          VARCHAR(95)  NOT NULL,
  trigger_name      VARCHAR(200) NOT NULL,
  trigger_group     VARCHAR(200) NOT NULL,
  instance_name     VARCHAR(200) NOT NULL,
  fired_time        BIGINT       NOT NULL,
  sched_time        BIGINT       NOT NULL,
  priority          INTEGER      NOT NULL,
  state             VARCHAR(16)  NOT NULL,
  job_name          VARCHAR(200) NULL,
  job_group         VARCHAR(200) NULL,
  is_nonconcurrent  BOOL         NULL,
  requests_recovery BOOL         NULL,
  CONSTRAINT retention_qrtz_fired_triggers_pk PRIMARY KEY (sched_name, entry_id)
);

CREATE TABLE IF NOT EXISTS retention_qrtz_scheduler_state
(
  sched_name        VARCHAR(120) NOT NULL,
  instance_name     VARCHAR(200) NOT NULL,
  last_checkin_time BIGINT       NOT NULL,
  checkin_interval  BIGINT       NOT NULL,
  CONSTRAINT retention_qrtz_scheduler_state_pk PRIMARY KEY (sched_name, instance_name)
);

CREATE TABLE IF NOT EXISTS retention_qrtz_locks
(
  sched_name VARCHAR(120) NOT NULL,
  lock_name  VARCHAR(40)  NOT NULL,
  CONSTRAINT retention_qrtz_locks_pk PRIMARY KEY (sched_name, lock_name)
);

CREATE INDEX IF NOT EXISTS retention_qrtz_j_req_recovery_idx
  ON retention_qrtz_job_details (sched_name, requests_recovery);
CREATE INDEX IF NOT EXISTS retention_qrtz_j_grp_idx
  ON retention_qrtz_job_details (sched_name, job_group);

CREATE INDEX IF NOT EXISTS retention_qrtz_t_j_idx
  ON retention_qrtz_triggers (sched_name, job_name, job_group);
CREATE INDEX IF NOT EXISTS retention_qrtz_t_jg_idx
  ON retention_qrtz_triggers (sched_name, job_group);
CREATE INDEX IF NOT EXISTS retention_qrtz_t_c_idx
  ON retention_qrtz_triggers (sched_name, calendar_name);
CREATE INDEX IF NOT EXISTS retention_qrtz_t_g_idx
  ON retention_qrtz_triggers (sched_name, trigger_group);
CREATE INDEX IF NOT EXISTS retention_qrtz_t_state_idx
  ON retention_qrtz_triggers (sched_name, trigger_state);
CREATE INDEX IF NOT EXISTS retention_qrtz_t_n_state_idx
  ON retention_qrtz_triggers (sched_name, trigger_name, trigger_group, trigger_state);
CREATE INDEX IF NOT EXISTS retention_qrtz_t_n_g_state_idx
  ON retention_qrtz_triggers (sched_name, trigger_group, trigger_state);
CREATE INDEX IF NOT EXISTS retention_qrtz_t_next_fire_time_idx
  ON retention_qrtz_triggers (sched_name, next_fire_time);
CREATE INDEX IF NOT EXISTS retention_qrtz_t_nft_st_idx
  ON retention_qrtz_triggers (sched_name, trigger_state, next_fire_time);
CREATE INDEX IF NOT EXISTS retention_qrtz_t_nft_misfire_idx
  ON retention_qrtz_triggers (sched_name, misfire_instr, next_fire_time);
CREATE INDEX IF NOT EXISTS retention_qrtz_t_nft_st_misfire_idx
  ON retention_qrtz_triggers (sched_name, misfire_instr, next_fire_time, trigger_state);
CREATE INDEX IF NOT EXISTS retention_qrtz_t_nft_st_misfire_grp_idx
  ON retention_qrtz_triggers (sched_name, misfire_instr, next_fire_time, trigger_group, trigger_state);

CREATE INDEX IF NOT EXISTS retention_qrtz_ft_trig_inst_name_idx
  ON retention_qrtz_fired_triggers (sched_name, instance_name);
CREATE INDEX IF NOT EXISTS retention_qrtz_ft_inst_job_req_rcvry_idx
  ON retention_qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
CREATE INDEX IF NOT EXISTS retention_qrtz_ft_j_g_idx
  ON retention_qrtz_fired_triggers (sched_name, job_name, job_group);
CREATE INDEX IF NOT EXISTS retention_qrtz_ft_jg_idx
  ON retention_qrtz_fired_triggers (sched_name, job_group);
CREATE INDEX IF NOT EXISTS retention_qrtz_ft_t_g_idx
  ON retention_qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
CREATE INDEX IF NOT EXISTS retention_qrtz_ft_tg_idx
  ON retention_qrtz_fired_triggers (sched_name, trigger_group);

-- Quartz inserts a missing lock row on first use. When two replicas start together on a fresh
-- database, the second insert fails with a unique violation, which aborts PostgreSQL's
-- transaction and fails that replica's start. Seeding the rows of the scheduler name
-- retention-scheduler-quartz uses (QuartzCleanupScheduler.SCHEDULER_NAME) avoids the race.
INSERT INTO retention_qrtz_locks (sched_name, lock_name)
VALUES ('mai-retention', 'TRIGGER_ACCESS'),
       ('mai-retention', 'STATE_ACCESS')
ON CONFLICT DO NOTHING;
