-- The trace of the event that queued a message (its W3C traceparent), so the delivery's log lines
-- and its delivered/failed event continue that trace. NULL for messages queued before this column:
-- their delivery starts a fresh trace.
ALTER TABLE notifications.messages ADD COLUMN traceparent text;
