-- Cluster-wide diagnostics: with several nodes the TwiML webhook and the media stream of one call may land on
-- different nodes, so the watchdog decides from these shared rows, not from one node's memory.
-- Portable between H2 (MODE=PostgreSQL) and PostgreSQL.

-- The stream URL the served TwiML named, for the no-stream diagnostic raised by whichever node checks.
alter table calls add column stream_url varchar(2000);

-- A per-call diagnostic fires once per kind across all nodes: the insert is the claim. Global diagnostics
-- (call_sid null) are never equal under a unique index, so they are unaffected.
alter table diagnostics add column once_key varchar(100);
create unique index diagnostics_once_idx on diagnostics (call_sid, once_key);
