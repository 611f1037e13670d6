-- The call directory (portable SQL: H2 2.x and PostgreSQL 13+): SIP users and ring groups of the call relay, each
-- belonging to one site. The relay routes by the user part of the Request-URI, so a name is either a SIP user or a
-- ring group, never both: call_names holds every name once and both tables reference it.
CREATE TABLE call_names (
    name    VARCHAR(64) PRIMARY KEY,
    kind    VARCHAR(8) NOT NULL CHECK (kind IN ('USER', 'GROUP')),
    site_id BIGINT NOT NULL REFERENCES sites (id)
);

-- A SIP user (a third-party phone): only the two digest HA1 hashes of its password are kept, with the realm they
-- were made for. rules is the user's UserProfile as JSON (forwarding rules, do-not-disturb, time zone), or NULL.
CREATE TABLE sip_users (
    username     VARCHAR(64) PRIMARY KEY REFERENCES call_names (name),
    site_id      BIGINT NOT NULL REFERENCES sites (id),
    display_name VARCHAR(200),
    realm        VARCHAR(255) NOT NULL,
    ha1_md5      VARCHAR(32) NOT NULL,
    ha1_sha256   VARCHAR(64) NOT NULL,
    rules        TEXT,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sip_users_site ON sip_users (site_id);

-- A ring group; definition is the RingGroup as JSON (its id is group_id).
CREATE TABLE ring_groups (
    group_id   VARCHAR(64) PRIMARY KEY REFERENCES call_names (name),
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    definition TEXT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ring_groups_site ON ring_groups (site_id);
