-- The firmware repository (portable SQL: H2 2.x and PostgreSQL 13+). Lists (models, hardware revisions) are
-- stored as comma-separated text: the manifest allows only letters, digits, '.', '_' and '-' in them.
CREATE TABLE firmware_bundles (
    bundle_id          VARCHAR(64) PRIMARY KEY,
    version            VARCHAR(64) NOT NULL,
    models             VARCHAR(1000) NOT NULL,
    hardware_revisions VARCHAR(1000) NOT NULL,
    security_critical  BOOLEAN NOT NULL,
    security_version   BIGINT NOT NULL,
    bundle_size        BIGINT NOT NULL,
    payload_size       BIGINT NOT NULL,
    payload_sha256     VARCHAR(64) NOT NULL,
    release_notes      TEXT,
    signer             VARCHAR(500) NOT NULL,
    uploaded_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    uploaded_by        VARCHAR(64) NOT NULL
);
CREATE INDEX firmware_bundles_uploaded ON firmware_bundles (uploaded_at);

CREATE TABLE firmware_deltas (
    base_bundle_id   VARCHAR(64) NOT NULL REFERENCES firmware_bundles (bundle_id) ON DELETE CASCADE,
    target_bundle_id VARCHAR(64) NOT NULL REFERENCES firmware_bundles (bundle_id) ON DELETE CASCADE,
    state            VARCHAR(8) NOT NULL CHECK (state IN ('PENDING', 'READY', 'FAILED')),
    patch_size       BIGINT,
    storage_key      VARCHAR(300) NOT NULL,
    detail           TEXT,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (base_bundle_id, target_bundle_id)
);
CREATE INDEX firmware_deltas_target ON firmware_deltas (target_bundle_id);
