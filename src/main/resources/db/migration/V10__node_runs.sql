-- Which run of which node holds a call's media stream, and when each run last showed it was alive. A node that dies
-- without a shutdown (SIGKILL, out of memory, the host lost) leaves its streaming calls looking live; once its
-- heartbeat is stale any other node, or its own next run, ends them (NodeHeartbeat). Portable between H2
-- (MODE=PostgreSQL) and PostgreSQL.
create table node_runs (
    run_id        varchar(64)  primary key,
    node_id       varchar(200) not null,
    started_at    timestamp with time zone not null,
    heartbeat_at  timestamp with time zone not null
);
alter table calls add column stream_run varchar(64);
-- Every node looks for open calls on every beat: the open ones are few among all the calls ever stored.
create index calls_ended_idx on calls (ended_at);
