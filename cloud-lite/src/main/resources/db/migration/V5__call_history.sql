-- Call history (portable SQL: H2 2.x and PostgreSQL 13+). One row per call through the SIP relay, keyed by the
-- Call-ID of the caller's leg. The station's company/project/site are copied at call start (no foreign keys), so
-- a call stays where it happened after a transfer and its record outlives a deleted site until retention.
CREATE TABLE calls (
    call_id        VARCHAR(256) PRIMARY KEY,
    station_id     VARCHAR(16) NOT NULL,
    caller_display VARCHAR(200),
    caller_uri     VARCHAR(512),
    target         VARCHAR(512) NOT NULL,
    target_kind    VARCHAR(8) NOT NULL CHECK (target_kind IN ('GROUP', 'USER', 'URI')),
    answered_by    VARCHAR(512),
    status         VARCHAR(12) NOT NULL
                   CHECK (status IN ('IN_PROGRESS', 'ANSWERED', 'MISSED', 'BUSY', 'REJECTED', 'FAILED')),
    sip_status     INTEGER,
    sip_reason     VARCHAR(200),
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at    TIMESTAMP WITH TIME ZONE,
    ended_at       TIMESTAMP WITH TIME ZONE,
    end_cause      VARCHAR(16)
                   CHECK (end_cause IN ('CALLER_HUNG_UP', 'CALLEE_HUNG_UP', 'NOT_ANSWERED', 'TALK_LIMIT',
                                        'RELAY_SHUTDOWN', 'ERROR', 'UNKNOWN')),
    routing        TEXT,
    company_id     BIGINT,
    project_id     BIGINT,
    site_id        BIGINT,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX calls_started ON calls (started_at, call_id);
CREATE INDEX calls_station ON calls (station_id, started_at);
CREATE INDEX calls_site ON calls (site_id, started_at);

-- The targets the relay rang, wave by wave, in the order given.
CREATE TABLE call_targets (
    call_id  VARCHAR(256) NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
    wave     INTEGER NOT NULL,
    position INTEGER NOT NULL,
    target   VARCHAR(512) NOT NULL,
    rung_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (call_id, wave, target)
);

-- Caller snapshots uploaded by stations, keyed by (station, Call-ID): a snapshot may arrive before its call is
-- recorded and belongs to the call of the same station and Call-ID. The JPEG itself is a file named file_name in
-- the snapshot directory.
CREATE TABLE call_snapshots (
    station_id  VARCHAR(16) NOT NULL,
    call_id     VARCHAR(256) NOT NULL,
    file_name   VARCHAR(80) NOT NULL,
    size_bytes  BIGINT NOT NULL,
    uploaded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (station_id, call_id)
);
CREATE INDEX call_snapshots_uploaded ON call_snapshots (uploaded_at);
