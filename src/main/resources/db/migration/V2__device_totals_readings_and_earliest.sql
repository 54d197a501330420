-- Device summaries report how many readings a device has and its earliest one. They join the
-- totals row, kept in step by the same statement that stores a batch, so that a summary stays one
-- primary-key lookup and reads one committed state of the device.
ALTER TABLE device_totals
    ADD COLUMN readings                bigint,
    ADD COLUMN earliest_epoch_second   bigint,
    ADD COLUMN earliest_offset_seconds integer;

-- Backfill from the readings stored so far. Instances of the previous version must be stopped
-- before migrating: their statement does not keep these columns.
UPDATE device_totals AS totals
SET readings = stored.readings,
    earliest_epoch_second = earliest.epoch_second,
    earliest_offset_seconds = earliest.offset_seconds
FROM (SELECT device_id, count(*) AS readings FROM device_readings GROUP BY device_id) AS stored,
    (SELECT DISTINCT ON (device_id) device_id, epoch_second, offset_seconds
        FROM device_readings
        ORDER BY device_id, epoch_second) AS earliest
WHERE stored.device_id = totals.device_id
    AND earliest.device_id = totals.device_id;

ALTER TABLE device_totals
    ALTER COLUMN readings SET NOT NULL,
    ALTER COLUMN earliest_epoch_second SET NOT NULL,
    ALTER COLUMN earliest_offset_seconds SET NOT NULL,
    ADD CHECK (readings > 0);
