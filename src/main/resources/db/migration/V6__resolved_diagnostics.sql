-- A diagnostic about a passing condition (transcription lagging behind real time) is resolved when the condition
-- ends: the call then no longer lists it as a current problem. Null = still standing (every other diagnostic).
alter table diagnostics add column resolved_at timestamp;
