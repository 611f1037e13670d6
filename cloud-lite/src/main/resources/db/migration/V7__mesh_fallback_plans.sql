-- The mesh fallback plan last computed for each station (docs/mesh.md): for each of its buttons, the stations of
-- its site to ring directly while the cloud is unreachable. The generation grows whenever the plan computed for
-- the station differs from the one stored, so a station can tell a newer plan from a stale retained message.
CREATE TABLE fallback_plans (
    device_id  VARCHAR(16) PRIMARY KEY,
    generation BIGINT NOT NULL,
    plan       TEXT NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
