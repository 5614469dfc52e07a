-- Each stored call event keeps its data as the wire JSON, written by Jackson from the event record (the same
-- {type, callSid, at, data} the browser receives; type, call_sid and at are the row's columns), so nothing has to
-- parse the detail text back. detail stays: a short line for people.
alter table call_events add column data_json text;

-- Rows written before this: call.status details were "<status> key=value…" and twilio.event details
-- "<event> key=value…", both starting with the word the page needs. That word is backfilled as the record's
-- status or event (call.status with its label, as CallService names it); the key=value rest stays text only.
-- Statuses and Twilio's StreamEvent names are single words without quotes or backslashes; the replace() calls
-- keep the JSON valid anyway. Portable between H2 (MODE=PostgreSQL) and PostgreSQL.
update call_events
set data_json = '{"event":"' || replace(replace(
        case when position(' ' in detail) > 0 then substring(detail from 1 for position(' ' in detail) - 1)
             else detail end, '\', '\\'), '"', '\"') || '"}'
where type = 'twilio.event' and detail is not null and detail <> '';

update call_events
set data_json = '{"status":"' || replace(replace(
        case when position(' ' in detail) > 0 then substring(detail from 1 for position(' ' in detail) - 1)
             else detail end, '\', '\\'), '"', '\"') || '"}'
where type = 'call.status' and detail is not null and detail <> '';

update call_events
set data_json = replace(data_json, '"}', '","label":"' || case
        when data_json = '{"status":"queued"}' then 'Calling agent'
        when data_json = '{"status":"initiated"}' then 'Calling agent'
        when data_json = '{"status":"ringing"}' then 'Ringing'
        when data_json = '{"status":"in-progress"}' then 'Connected'
        when data_json = '{"status":"answered"}' then 'Connected'
        when data_json = '{"status":"streaming"}' then 'Streaming'
        when data_json = '{"status":"completed"}' then 'Completed'
        when data_json = '{"status":"busy"}' then 'Busy'
        when data_json = '{"status":"no-answer"}' then 'No answer'
        when data_json = '{"status":"canceled"}' then 'Canceled'
        when data_json = '{"status":"failed"}' then 'Failed'
        when data_json = '{"status":"interrupted"}' then 'Interrupted'
        end || '"}')
where type = 'call.status' and data_json in ('{"status":"queued"}', '{"status":"initiated"}',
    '{"status":"ringing"}', '{"status":"in-progress"}', '{"status":"answered"}', '{"status":"streaming"}',
    '{"status":"completed"}', '{"status":"busy"}', '{"status":"no-answer"}', '{"status":"canceled"}',
    '{"status":"failed"}', '{"status":"interrupted"}');
