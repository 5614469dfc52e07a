package com.talkhint.call;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.talkhint.transcription.TranscriptSegment;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/calls} (recent calls, newest first) and {@code GET /api/calls/{callSid}} (everything stored). Each
 * first lets the {@link CallJournal} write what it still holds (free when nothing is queued), so the API shows
 * every event that was published before the request.
 */
@RestController
class CallApiController {

	private final CallRepository repository;

	private final CallJournal journal;

	private final JsonMapper json;

	CallApiController(CallRepository repository, CallJournal journal, JsonMapper json) {
		this.repository = repository;
		this.journal = journal;
		this.json = json;
	}

	@GetMapping("/api/calls")
	List<Map<String, Object>> recent(@RequestParam(defaultValue = "50") int limit) {
		int bounded = Math.max(1, Math.min(limit, 500));
		this.journal.flush(); // the list shows each call's stream milestone (its "Streaming" label)
		return this.repository.recent(bounded).stream().map(CallApiController::summary).toList();
	}

	@GetMapping("/api/calls/{callSid}")
	Map<String, Object> call(@PathVariable String callSid) {
		this.journal.flush(callSid);
		CallRecord call = this.repository.find(callSid)
			.orElseThrow(() -> new ApiError(HttpStatus.NOT_FOUND, "No call " + abbreviate(callSid)));
		Map<String, Object> body = summary(call);
		body.put("events", this.repository.events(callSid)
			.stream()
			.map((e) -> map("at", e.at(), "type", e.type(), "detail", e.detail(), "data",
					(e.event() != null) ? e.event().data() : null))
			.toList());
		body.put("transcript", this.repository.transcript(callSid).stream().map(CallApiController::segment).toList());
		body.put("hints", this.repository.hints(callSid)); // the same Hint record a live hint event carries
		body.put("diagnostics", this.repository.diagnostics(callSid).stream().map(CallApiController::diagnostic).toList());
		if (call.summaryJson() != null) {
			body.put("summary", this.json.readTree(call.summaryJson()));
		}
		return body;
	}

	static Map<String, Object> summary(CallRecord call) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("callSid", call.callSid());
		body.put("to", call.to());
		body.put("agent", call.agent());
		body.put("direction", call.direction());
		body.put("status", call.status());
		// what the call panel shows for the same call, so the list and the panel never disagree
		body.put("shownStatus", CallService.shownStatus(call));
		body.put("label", CallService.label(CallService.shownStatus(call)));
		body.put("scenario", call.scenario());
		body.put("streamSid", call.streamSid());
		body.put("createdAt", call.createdAt());
		body.put("answeredAt", call.answeredAt());
		body.put("twimlAt", call.twimlAt());
		body.put("streamAt", call.streamAt());
		body.put("endedAt", call.endedAt());
		return body;
	}

	static Map<String, Object> segment(TranscriptSegment s) {
		return map("speaker", s.speaker().wireName(), "text", s.text(), "startMs", s.startMs(), "endMs", s.endMs(),
				"confidences", s.confidences());
	}

	static Map<String, Object> diagnostic(Diagnostic d) {
		Map<String, Object> m = map("at", d.at(), "code", d.code(), "message", d.message());
		m.put("cause", d.cause());
		m.put("fix", d.fix());
		return m;
	}

	private static Map<String, Object> map(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}

	private static String abbreviate(String value) {
		String v = value.replaceAll("[^A-Za-z0-9_-]", "?");
		return (v.length() > 40) ? v.substring(0, 40) + "…" : v;
	}

}
