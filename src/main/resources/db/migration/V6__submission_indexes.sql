-- ix_response_kiosk_time (V5_1) repeated ix_response_kiosk_submitted (V4): same columns, a second
-- index to maintain on every insert for nothing. In its place, the index the flag check for runs
-- of identical answers needs on channels without a kiosk (a phone link, a portal): the newest
-- responses of one agency and channel, read backwards from the response's own time.
DROP INDEX ix_response_kiosk_time ON response;
CREATE INDEX ix_response_source_time ON response (agency_id, channel, submitted_at);
