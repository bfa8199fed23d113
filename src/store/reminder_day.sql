-- The sweep reads the reminders already sent for a window of expiries and
-- one reminder day at once (store::lifecycle::unreminded).
CREATE INDEX reminder_day ON reminder(days, expires);
