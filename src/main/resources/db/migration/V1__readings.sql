-- Every stored reading, keyed by device and instant: the key is what makes a repeated reading a
-- duplicate, so PostgreSQL itself refuses to count one twice.
CREATE TABLE device_readings (
    device_id      uuid    NOT NULL,
    epoch_second   bigint  NOT NULL,
    offset_seconds integer NOT NULL,
    count          bigint  NOT NULL CHECK (count > 0),
    PRIMARY KEY (device_id, epoch_second)
);

-- One row per device, kept in step with device_readings in the same statement, so that each
-- read is one primary-key lookup.
CREATE TABLE device_totals (
    device_id             uuid    PRIMARY KEY,
    cumulative_count      bigint  NOT NULL CHECK (cumulative_count > 0),
    latest_epoch_second   bigint  NOT NULL,
    latest_offset_seconds integer NOT NULL
);
