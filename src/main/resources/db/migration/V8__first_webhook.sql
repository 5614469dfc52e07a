-- When Twilio first reached TalkHint for a call (a status callback, the TwiML fetch or a stream callback). A placed
-- call that has none after a while is one Twilio could not deliver to PUBLIC_BASE_URL: the inspector then reads
-- Twilio's own record of it. Portable between H2 (MODE=PostgreSQL) and PostgreSQL.
alter table calls add column webhook_at timestamp with time zone;
