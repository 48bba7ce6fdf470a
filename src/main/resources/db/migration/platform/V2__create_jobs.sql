-- Long-running background work (imports, reindexing) and its progress, readable by admins.
CREATE TABLE jobs
(
    id           UUID PRIMARY KEY,
    kind         TEXT        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
    total        BIGINT      NOT NULL CHECK (total >= 0),
    processed    BIGINT      NOT NULL DEFAULT 0 CHECK (processed >= 0),
    failed       BIGINT      NOT NULL DEFAULT 0 CHECK (failed >= 0),
    message      TEXT,
    created_by   UUID,
    started_at   TIMESTAMPTZ NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX jobs_running ON jobs (heartbeat_at) WHERE status = 'running';

-- Per-item errors of a job, capped by the application so a bad file cannot flood the table.
CREATE TABLE job_errors
(
    job_id  UUID   NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    line    BIGINT NOT NULL,
    message TEXT   NOT NULL,
    PRIMARY KEY (job_id, line)
);
