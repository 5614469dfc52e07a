package com.talkhint.hint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.talkhint.audio.Speaker;
import com.talkhint.call.ApiError;
import com.talkhint.privacy.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The playbook lab and the agent's feedback: {@code POST /api/hints/try} (what a line fires and why not),
 * {@code /api/feedback} (useful / wrong / missed, undo, list), and the playbook itself
 * ({@code GET /api/playbook}, {@code POST /api/playbook/validate}, {@code PUT /api/playbook},
 * {@code GET /api/playbook/export}). Same bearer-token rule as the rest of {@code /api/**}.
 */
@RestController
class HintApiController {

	private static final Logger log = LoggerFactory.getLogger(HintApiController.class);

	/** Longest line {@code /api/hints/try} and the feedback accept. */
	static final int MAX_TEXT = 1000;

	/** How long {@code /api/hints/try} waits for the meaning model at startup before answering by rules. */
	static final long READY_WAIT_MS = 30_000;

	private static final int MAX_YAML = PlaybookYaml.MAX_CHARS;

	private final PlaybookSource playbooks;

	private final HintMeaning meaning;

	private final FeedbackRepository feedback;

	private final Clock clock;

	// feedback is stored redacted whatever talkhint.privacy.redact says: it outlives the call
	private final Redactor redactor = new Redactor(true);

	HintApiController(PlaybookSource playbooks, HintMeaning meaning, FeedbackRepository feedback, Clock clock) {
		this.playbooks = playbooks;
		this.meaning = meaning;
		this.feedback = feedback;
		this.clock = clock;
	}

	/** Body of {@code POST /api/hints/try}. */
	record TryRequest(String text, String speaker) {
	}

	@PostMapping("/api/hints/try")
	Map<String, Object> tryLine(@RequestBody(required = false) TryRequest request) {
		if (request == null || request.text() == null || request.text().isBlank()) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "'text' is required: the line to try");
		}
		if (request.text().length() > MAX_TEXT) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "'text' is over " + MAX_TEXT + " characters");
		}
		Speaker speaker = speaker(request.speaker());
		String text = this.redactor.redact(request.text().trim());
		MeaningIndex index = this.meaning.awaitIndex(READY_WAIT_MS);
		HintJudge.Judgement j = (index != null)
				? HintEngine.judgement(this.meaning, index, this.playbooks.current(), speaker, text)
				: HintJudge.judge(this.playbooks.current(), new Utterance(text), speaker, Map.of());
		List<Map<String, Object>> hints = new ArrayList<>();
		for (HintJudge.Fired f : j.fired()) {
			Map<String, Object> h = new LinkedHashMap<>();
			h.put("id", f.entry().id());
			h.put("title", f.entry().shownTitle());
			h.put("kind", f.entry().kind());
			h.put("path", f.path());
			h.put("score", f.score());
			h.put("evidence", f.evidence());
			h.put("words", f.words());
			hints.add(h);
		}
		List<Map<String, Object>> blocked = new ArrayList<>();
		for (HintJudge.Blocked b : j.blocked()) {
			Map<String, Object> h = new LinkedHashMap<>();
			h.put("id", b.entry().id());
			h.put("title", b.entry().shownTitle());
			h.put("reason", b.reason());
			h.put("detail", b.detail());
			h.put("score", b.score());
			blocked.add(h);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("hints", hints);
		body.put("blocked", blocked);
		body.put("meaning", this.meaning.state());
		body.put("text", text);
		return body;
	}

	private static Speaker speaker(String value) {
		if (value == null || value.isBlank()) {
			return Speaker.CUSTOMER;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "customer" -> Speaker.CUSTOMER;
			case "agent" -> Speaker.AGENT;
			default -> throw new ApiError(HttpStatus.BAD_REQUEST, "'speaker' must be \"customer\" or \"agent\"");
		};
	}

	/** Body of {@code POST /api/feedback} (the contract in the project's working rules). */
	record FeedbackRequest(String callSid, String hintId, String verdict, String text, Long atMs) {
	}

	@PostMapping("/api/feedback")
	ResponseEntity<Map<String, Object>> addFeedback(@RequestBody(required = false) FeedbackRequest request) {
		if (request == null) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "A JSON body {callSid, hintId, verdict, text, atMs} is required");
		}
		if (request.hintId() == null || this.playbooks.playbook().entry(request.hintId()) == null) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "Unknown hint id '" + abbreviate(request.hintId())
					+ "': use an id of the playbook in force");
		}
		String verdict = FeedbackItem.normaliseVerdict(request.verdict());
		if (verdict == null || !FeedbackItem.VERDICTS.contains(verdict)) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "'verdict' must be \"useful\", \"wrong\" or \"missed\"");
		}
		String text = (request.text() == null) ? null : request.text().trim();
		if (!verdict.equals(FeedbackItem.USEFUL) && (text == null || text.isEmpty())) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "'text' is required for " + verdict
					+ ": the customer line the hint fired on or missed");
		}
		if (text != null && text.length() > MAX_TEXT) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "'text' is over " + MAX_TEXT + " characters");
		}
		if (request.callSid() != null && (request.callSid().length() > 64 || !request.callSid().matches("[A-Za-z0-9_-]*"))) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "'callSid' is not a call id");
		}
		if (request.atMs() != null && request.atMs() < 0) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "'atMs' must not be negative");
		}
		String redacted = (text == null || text.isEmpty()) ? null : this.redactor.redact(text);
		FeedbackItem item = this.feedback.add(blankToNull(request.callSid()), request.hintId(), verdict, redacted,
				request.atMs(), this.clock.instant());
		this.meaning.refresh();
		log.info("[hints] feedback {} {} on {}{}", item.id(), verdict, item.hintId(),
				(item.callSid() != null) ? " in " + item.callSid() : "");
		return ResponseEntity.status(HttpStatus.CREATED).body(item(item));
	}

	@DeleteMapping("/api/feedback/{id}")
	ResponseEntity<Void> undoFeedback(@PathVariable String id) {
		long n;
		try {
			n = Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "Feedback id must be a number");
		}
		if (!this.feedback.delete(n)) {
			throw new ApiError(HttpStatus.NOT_FOUND, "No feedback " + n);
		}
		this.meaning.refresh();
		log.info("[hints] feedback {} undone", n);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/feedback")
	List<Map<String, Object>> listFeedback(@RequestParam(required = false) String hintId,
			@RequestParam(defaultValue = "50") int limit) {
		return this.feedback.list(blankToNull(hintId), Math.max(1, Math.min(limit, 500)))
			.stream()
			.map(HintApiController::item)
			.toList();
	}

	static Map<String, Object> item(FeedbackItem f) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("id", f.id());
		m.put("callSid", f.callSid());
		m.put("hintId", f.hintId());
		m.put("verdict", f.verdict());
		m.put("text", f.text());
		m.put("atMs", f.atMs());
		m.put("createdAt", f.createdAt().toString());
		return m;
	}

	/** The playbook in force: its text, its entries with examples and counts, and the meaning path's state. */
	@GetMapping("/api/playbook")
	Map<String, Object> playbook() {
		Playbook playbook = this.playbooks.playbook();
		Map<String, long[]> counts = this.feedback.counts();
		List<Map<String, Object>> entries = new ArrayList<>();
		for (Playbook.Entry e : playbook.entries()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("id", e.id());
			m.put("kind", e.kind());
			m.put("title", e.title());
			m.put("text", e.text());
			m.put("speaker", e.scope().name().toLowerCase(Locale.ROOT));
			m.put("rule", e.rule().wireName());
			m.put("triggers", e.triggers());
			m.put("doNotTrigger", e.doNotTrigger());
			m.put("examples", e.examples());
			m.put("lookAlikes", e.lookAlikes());
			m.put("meaningThreshold", e.meaningThreshold());
			m.put("ruleGate", e.ruleGate());
			m.put("meaningIgnores", e.meaningIgnoresNames());
			m.put("exampleFacts", e.exampleFacts());
			m.put("matchCompetitors", e.matchCompetitors());
			long[] c = counts.getOrDefault(e.id(), new long[4]);
			m.put("counts", Map.of("fired", c[0], "useful", c[1], "wrong", c[2], "missed", c[3]));
			entries.add(m);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("source", playbook.source());
		body.put("file", this.playbooks.file().toString());
		body.put("lastError", this.playbooks.lastError());
		body.put("meaning", this.meaning.state());
		body.put("model", this.meaning.model().wireName());
		body.put("competitors", playbook.competitors().stream().map(c -> Map.of("name", c.name(), "say", c.say())).toList());
		body.put("ordinaryTalk", playbook.ordinaryTalk().size());
		body.put("entries", entries);
		body.put("yaml", text(playbook));
		return body;
	}

	/** Body of the validate and save calls. */
	record YamlRequest(String yaml) {
	}

	@PostMapping("/api/playbook/validate")
	Map<String, Object> validate(@RequestBody(required = false) YamlRequest request) {
		String yaml = yaml(request);
		List<PlaybookText.Problem> problems = PlaybookText.validate(yaml);
		return Map.of("ok", problems.isEmpty(), "errors", problems.stream().map(HintApiController::problem).toList());
	}

	/** Validates, then writes the user's playbook file (atomically) and puts it in force at once. */
	@PutMapping("/api/playbook")
	Map<String, Object> save(@RequestBody(required = false) YamlRequest request) {
		String yaml = yaml(request);
		List<PlaybookText.Problem> problems = PlaybookText.validate(yaml);
		if (!problems.isEmpty()) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "The playbook has a mistake; nothing was saved",
					Map.of("errors", problems.stream().map(HintApiController::problem).toList()));
		}
		Path file = this.playbooks.file().toAbsolutePath();
		try {
			Path dir = file.getParent();
			Files.createDirectories(dir);
			Path tmp = Files.createTempFile(dir, ".playbook", ".yml");
			Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, "Could not write " + file + ": " + ex.getMessage());
		}
		this.playbooks.reloadIfChanged();
		this.meaning.refresh();
		log.info("[hints] playbook saved to {} from the playbook page", file);
		return Map.of("ok", true, "file", file.toString(), "source", this.playbooks.playbook().source());
	}

	/** The playbook text with the agent's wrong/missed lines added as look-alikes/examples, to review and save. */
	@GetMapping(value = "/api/playbook/export", produces = "application/yaml")
	ResponseEntity<String> export() {
		String yaml = text(this.playbooks.playbook());
		String merged = PlaybookText.withFeedback(yaml, this.feedback.lessons());
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/yaml;charset=UTF-8"))
			.header("Content-Disposition", "attachment; filename=\"playbook.yml\"")
			.body(merged);
	}

	private String text(Playbook playbook) {
		if (!playbook.source().startsWith("classpath:")) {
			try {
				return Files.readString(Path.of(playbook.source()), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				// fall back to the built-in text below only if the file vanished; say so
				log.warn("[hints] playbook {} unreadable: {}", playbook.source(), ex.toString());
			}
		}
		try (InputStream in = Playbook.class.getResourceAsStream("/playbook.yml")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException | NullPointerException ex) {
			throw new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, "The built-in playbook could not be read");
		}
	}

	private static String yaml(YamlRequest request) {
		if (request == null || request.yaml() == null || request.yaml().isBlank()) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "'yaml' is required: the playbook text");
		}
		if (request.yaml().length() > MAX_YAML) {
			throw new ApiError(HttpStatus.BAD_REQUEST, "'yaml' is over " + MAX_YAML + " characters");
		}
		return request.yaml();
	}

	private static Map<String, Object> problem(PlaybookText.Problem p) {
		return Map.of("line", p.line(), "message", p.message());
	}

	private static String blankToNull(String s) {
		return (s == null || s.isBlank()) ? null : s.trim();
	}

	private static String abbreviate(String value) {
		if (value == null) {
			return "";
		}
		String v = value.replaceAll("[^A-Za-z0-9_-]", "?");
		return (v.length() > 40) ? v.substring(0, 40) + "…" : v;
	}

}
