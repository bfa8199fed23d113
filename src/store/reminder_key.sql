-- The reminders sent keyed by (day, expiry, row) where they were keyed by
-- (row, expiry, day): the names a sweep reminds expire within a day or two
-- of each other but are spread over the whole domain table, so each
-- reminder written under the old key landed on its own page (2,763 of the
-- 15,263 pages a day's sweep of a 2-million-name registry wrote). Under the
-- new key a day's reminders are written side by side, and the key is the
-- lookup the sweep makes (by day and expiry), so `reminder_day` goes.
CREATE TABLE reminder_by_day (
    days      INTEGER NOT NULL,
    expires   TEXT NOT NULL,
    domain_id INTEGER NOT NULL REFERENCES domain(id),
    time      TEXT NOT NULL,
    PRIMARY KEY (days, expires, domain_id)
) WITHOUT ROWID;
INSERT INTO reminder_by_day(days, expires, domain_id, time)
    SELECT days, expires, domain_id, time FROM reminder ORDER BY days, expires, domain_id;
DROP TABLE reminder;
ALTER TABLE reminder_by_day RENAME TO reminder;
