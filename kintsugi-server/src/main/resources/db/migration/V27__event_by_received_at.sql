-- The dashboard overview (issue 14) counts events by minute and by day across projects: an index on
-- the time received keeps those counts to the window they cover rather than every event stored.
CREATE INDEX event_by_received_at ON event (received_at);
