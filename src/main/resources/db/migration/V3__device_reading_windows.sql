-- A series over a long range would otherwise read every reading in it. Each row sums the readings
-- of one device whose instants fall in one window of 4096 (2^12) seconds starting at a multiple
-- of 4096 (epoch_second & -4096, a floor also for instants before 1970). A series reads the
-- windows that lie whole inside a bucket from here and only the readings of the windows a bucket
-- bound cuts from device_readings. The statement that stores a batch updates the windows of the
-- readings it inserted, and a deletion removes them, in the same transaction as device_readings.
CREATE TABLE device_reading_windows (
    device_id    uuid   NOT NULL,
    window_start bigint NOT NULL,
    readings     bigint NOT NULL CHECK (readings > 0),
    count        bigint NOT NULL CHECK (count > 0),
    PRIMARY KEY (device_id, window_start)
);

-- Backfill from the readings stored so far. Instances of the previous version must be stopped
-- before migrating: their statement does not keep this table.
INSERT INTO device_reading_windows (device_id, window_start, readings, count)
SELECT device_id, epoch_second & -4096, count(*), sum(count)
FROM device_readings
GROUP BY device_id, epoch_second & -4096;
