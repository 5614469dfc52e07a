package com.talkhint.simulator;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated outbound-api call, run as Twilio runs it: {@code initiated} → {@code ringing} → answered
 * ({@code in-progress}) → TwiML fetched from {@code Url} (or the inline {@code Twiml}, with no fetch) → verbs
 * executed in order → {@code completed}. Every wait is scheduled on the shared scheduler and every HTTP exchange
 * is asynchronous, so thousands of calls need no thread each.
 */
final class SimulatedCall implements SimulatedStream.Call {

	private static final Logger logger = LoggerFactory.getLogger(SimulatedCall.class);

	/** Twilio's date format in REST JSON and call status callbacks (RFC 2822). */
	static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US)
		.withZone(ZoneOffset.UTC);

	/** Speaking rate of Twilio's text-to-speech, used to time {@code <Say>}. */
	private static final double SAY_WORDS_PER_SECOND = 2.5;

	/** Twilio refuses TwiML documents above 64 kB (error 11750). */
	private static final int MAX_TWIML_CHARS = 64 * 1024;

	/** What Twilio says before hanging up on a call whose TwiML could not be used. */
	private static final String APPLICATION_ERROR = "We are sorry, an application error has occurred. Goodbye.";

	/** How long the TwiML fetch waits for the {@code answered} callback to be delivered first. */
	private static final long ANSWERED_CALLBACK_HEAD_START_MS = 1000;

	private static final String API_VERSION = "2010-04-01";

	private final SimulatorParts parts;

	private final String sid = Sids.call();

	private final CallRequest request;

	private final Route route;

	private final Set<String> events;

	private final Instant created;

	private final long createdNanos = System.nanoTime();

	/** Completes with the final CallStatus; every pending wait of this call also ends then. */
	private final CompletableFuture<String> ended = new CompletableFuture<>();

	private final AtomicBoolean ending = new AtomicBoolean();

	private final List<SimulatedStream> streams = new CopyOnWriteArrayList<>();

	private final List<Logged> notifications = new CopyOnWriteArrayList<>();

	/** A notification as the debugger lists it ("11200 HTTP retrieval failure…") and as the REST API returns it. */
	private record Logged(String text, NotificationResource resource) {
	}

	/** Webhook callbacks are delivered one at a time, in the order the events happened. */
	private final Object callbackLock = new Object();

	private CompletableFuture<Void> callbacks = CompletableFuture.completedFuture(null);

	private int callbackSequence;

	private volatile String status = "queued";

	private volatile Instant updated;

	private volatile Instant startTime;

	private volatile Instant endTime;

	private CallAudio audio; // guarded by this

	private boolean audioInUse; // guarded by this

	private volatile String documentUrl;

	SimulatedCall(SimulatorParts parts, CallRequest request, Route route) {
		this.parts = parts;
		this.request = request;
		this.route = route;
		this.created = parts.clock().instant();
		this.updated = this.created;
		Set<String> requested = new LinkedHashSet<>();
		request.statusCallbackEvents().forEach((event) -> requested.add(event.trim().toLowerCase(Locale.ROOT)));
		if (requested.isEmpty()) {
			requested.add("completed"); // Twilio's default when StatusCallback has no StatusCallbackEvent
		}
		this.events = requested;
	}

	String sid() {
		return this.sid;
	}

	Route route() {
		return this.route;
	}

	CompletableFuture<String> ended() {
		return this.ended;
	}

	boolean isEnded() {
		return this.ending.get();
	}

	/** When the call ended (epoch ms), {@code Long.MAX_VALUE} while it runs. */
	long endedAtMillis() {
		Instant end = this.endTime;
		return (end != null) ? end.toEpochMilli() : Long.MAX_VALUE;
	}

	/** Pacing of every stream this call started, in order. */
	List<StreamPacing> pacing() {
		return this.streams.stream().map(SimulatedStream::pacing).toList();
	}

	/** Twilio debugger-style notifications ("11200 …") raised by this call, oldest first. */
	List<String> notifications() {
		return this.notifications.stream().map(Logged::text).toList();
	}

	/** The same notifications as Twilio's REST API lists them under the call. */
	List<NotificationResource> notificationResources() {
		return this.notifications.stream().map(Logged::resource).toList();
	}

	/** Chooses what the call plays; effective until a stream or a Dial needs the audio. */
	synchronized void useAudio(CallAudio audio) {
		if (this.audioInUse) {
			logger.warn("[simulator] Audio chosen too late callSid={}: already playing {}, {} ignored", this.sid,
					this.audio.label(), audio.label());
			return;
		}
		this.audio = audio;
	}

	/** Runs the call to its end; returns at once. */
	void start() {
		logger.info("[simulator] Call created callSid={} to={} from={} url={}", this.sid, this.request.to(),
				this.request.from(), (this.request.url() != null) ? this.request.url() : "(inline twiml)");
		afterCreate(this.parts.properties().initiatedAfter()).thenRun(this::initiated)
			.thenCompose((x) -> afterCreate(this.parts.properties().ringingAfter()))
			.thenRun(this::ringing)
			.thenCompose((x) -> afterCreate(this.parts.properties().answeredAfter()))
			.thenCompose((x) -> answer())
			.thenCompose(this::run)
			.whenComplete((x, error) -> {
				if (error != null) {
					logger.error("[simulator] Call failed in the simulator callSid={}", this.sid, error);
					notification(11200, "Simulator failure: " + error);
				}
				// Twilio hangs up when the TwiML runs out of verbs.
				end("completed");
			});
	}

	/** The REST {@code Status} update: {@code canceled} ends a call not yet answered, {@code completed} any. */
	void hangUp(String requested) {
		String current = this.status;
		boolean answered = "in-progress".equals(current);
		if ("canceled".equals(requested) && !answered) {
			end("canceled");
		}
		else if ("completed".equals(requested)) {
			end(answered ? "completed" : "canceled");
		}
	}

	/** The Call resource as Twilio's REST API returns it. */
	CallResource resource() {
		String uri = "/2010-04-01/Accounts/" + this.parts.accountSid() + "/Calls/" + this.sid;
		Map<String, String> subresources = new LinkedHashMap<>();
		for (String sub : List.of("Notifications", "Recordings", "Payments", "Events", "Siprec", "Streams",
				"Transcriptions", "UserDefinedMessageSubscriptions", "UserDefinedMessages")) {
			subresources.put(snake(sub), uri + "/" + sub + ".json");
		}
		Instant start = this.startTime;
		Instant end = this.endTime;
		String duration = (end != null) ? Long.toString(callDurationSeconds()) : null;
		return new CallResource(this.sid, RFC_2822.format(this.created), RFC_2822.format(this.updated), null,
				this.parts.accountSid(), this.request.to(), this.request.to(), this.request.from(),
				this.request.from(), null, this.status, (start != null) ? RFC_2822.format(start) : null,
				(end != null) ? RFC_2822.format(end) : null, duration, null, "USD", "outbound-api", null, API_VERSION,
				null, null, null, "0", null, uri + ".json", subresources);
	}

	private void initiated() {
		if (isEnded()) {
			return;
		}
		statusCallback("initiated", "initiated");
	}

	private void ringing() {
		if (isEnded()) {
			return;
		}
		setStatus("ringing");
		statusCallback("ringing", "ringing");
	}

	private CompletableFuture<Deque<TwimlVerb>> answer() {
		if (isEnded()) {
			return CompletableFuture.completedFuture(new ArrayDeque<>());
		}
		this.startTime = this.parts.clock().instant();
		setStatus("in-progress");
		logger.info("[simulator] Call answered callSid={}", this.sid);
		statusCallback("answered", "in-progress");
		if (this.request.url() != null) {
			// Twilio fires the answered callback and the TwiML request together; give the callback a head start.
			CompletableFuture<Void> delivered;
			synchronized (this.callbackLock) {
				delivered = this.callbacks;
			}
			return delivered.completeOnTimeout(null, ANSWERED_CALLBACK_HEAD_START_MS, TimeUnit.MILLISECONDS)
				.thenCompose((x) -> fetchTwiml(this.request.url(), this.request.method(), Map.of()))
				.thenCompose((verbs) -> (verbs != null || this.request.fallbackUrl() == null)
						? CompletableFuture.completedFuture(verbs)
						: fetchTwiml(this.request.fallbackUrl(), this.request.fallbackMethod(), Map.of()))
				.thenApply((verbs) -> (verbs != null) ? verbs : applicationError());
		}
		// Inline Twiml: nothing is fetched, so nothing reaches the app's webhook.
		try {
			return CompletableFuture.completedFuture(new ArrayDeque<>(Twiml.parse(this.request.twiml())));
		}
		catch (Twiml.TwimlException ex) {
			notification(ex.code(), ex.getMessage() + " (inline Twiml)");
			return CompletableFuture.completedFuture(applicationError());
		}
	}

	/** Fetches and parses TwiML; completes with {@code null} when Twilio would refuse what came back. */
	private CompletableFuture<Deque<TwimlVerb>> fetchTwiml(String url, String method, Map<String, String> extra) {
		if (isEnded()) {
			return CompletableFuture.completedFuture(new ArrayDeque<>());
		}
		String effectiveMethod = "GET".equalsIgnoreCase(method) ? "GET" : "POST";
		this.documentUrl = url;
		Map<String, String> params = callParams("in-progress");
		params.putAll(extra);
		return this.parts.webhooks()
			.send(effectiveMethod, url, params, this.route)
			.handle((response, error) -> (error != null) ? refuse(11205, "HTTP connection failure: " + url + ": " + error, url)
					: parseTwiml(url, response));
	}

	private Deque<TwimlVerb> parseTwiml(String url, HttpResponse<String> response) {
		int code = response.statusCode();
		if (code < 200 || code > 299) {
			return refuse(11200, "HTTP retrieval failure: " + url + " answered HTTP " + code, url);
		}
		String contentType = response.headers().firstValue("Content-Type").orElse("");
		String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
		if (!List.of("text/xml", "application/xml", "text/html").contains(mediaType)) {
			return refuse(12300, "Invalid Content-Type: " + url + " answered \"" + contentType
					+ "\"; TwiML must be text/xml or application/xml", url);
		}
		String body = response.body();
		if (body.length() > MAX_TWIML_CHARS) {
			return refuse(11750, "TwiML response body too large: " + body.length() + " characters from " + url, url);
		}
		try {
			List<TwimlVerb> verbs = Twiml.parse(body);
			logger.info("[simulator] TwiML fetched callSid={} url={} verbs={}", this.sid, url,
					verbs.stream().map((verb) -> verb.getClass().getSimpleName()).toList());
			return new ArrayDeque<>(verbs);
		}
		catch (Twiml.TwimlException ex) {
			return refuse(ex.code(), ex.getMessage() + " (" + url + ")", url);
		}
	}

	private Deque<TwimlVerb> refuse(int code, String message, String url) {
		notification(code, message, url);
		return null;
	}

	private Deque<TwimlVerb> applicationError() {
		Deque<TwimlVerb> verbs = new ArrayDeque<>();
		verbs.add(new TwimlVerb.Say(APPLICATION_ERROR));
		return verbs;
	}

	private CompletableFuture<Void> run(Deque<TwimlVerb> verbs) {
		if (isEnded() || verbs.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		TwimlVerb verb = verbs.poll();
		CompletableFuture<Void> step;
		try {
			step = execute(verb, verbs);
		}
		catch (RuntimeException ex) {
			step = CompletableFuture.failedFuture(ex);
		}
		return step.thenCompose((x) -> run(verbs));
	}

	private CompletableFuture<Void> execute(TwimlVerb verb, Deque<TwimlVerb> rest) {
		if (verb instanceof TwimlVerb.Say say) {
			int words = say.text().isBlank() ? 0 : say.text().trim().split("\\s+").length;
			return sleep(Duration.ofMillis(Math.max(500, Math.round(words / SAY_WORDS_PER_SECOND * 1000))));
		}
		if (verb instanceof TwimlVerb.Pause pause) {
			return sleep(Duration.ofSeconds(pause.seconds()));
		}
		if (verb instanceof TwimlVerb.StartStream start) {
			startStream(start.stream());
			return CompletableFuture.completedFuture(null);
		}
		if (verb instanceof TwimlVerb.StopStream stop) {
			this.streams.stream()
				.filter((stream) -> stop.name() == null || stop.name().equals(stream.name()))
				.forEach(SimulatedStream::stop);
			return CompletableFuture.completedFuture(null);
		}
		if (verb instanceof TwimlVerb.Dial dial) {
			return dial(dial, rest);
		}
		if (verb instanceof TwimlVerb.Hangup) {
			end("completed");
			return CompletableFuture.completedFuture(null);
		}
		if (verb instanceof TwimlVerb.Redirect redirect) {
			return fetchTwiml(resolve(redirect.url()), redirect.method(), Map.of()).thenAccept((next) -> {
				rest.clear();
				rest.addAll((next != null) ? next : applicationError());
			});
		}
		TwimlVerb.Unsupported unsupported = (TwimlVerb.Unsupported) verb;
		logger.warn("[simulator] <{}> is not simulated; skipped callSid={}", unsupported.verb(), this.sid);
		return CompletableFuture.completedFuture(null);
	}

	private void startStream(TwimlVerb.StreamSpec spec) {
		String url = (spec.url() != null) ? resolveStream(spec.url()) : null;
		String callback = (spec.statusCallback() != null) ? resolve(spec.statusCallback()) : null;
		SimulatedStream stream = new SimulatedStream(this.parts, this.sid, this.route, this, spec, url, callback,
				audio());
		this.streams.add(stream);
		stream.open();
	}

	private CompletableFuture<Void> dial(TwimlVerb.Dial dial, Deque<TwimlVerb> rest) {
		String invalid = dial.targets()
			.stream()
			.filter((target) -> !target.startsWith("client:") && !target.startsWith("sip:")
					&& !CallRequest.isE164(target))
			.findFirst()
			.orElse(null);
		CompletableFuture<String> outcome;
		long dialStarted = System.nanoTime();
		if (dial.targets().isEmpty() || invalid != null) {
			notification(13223, "Dial: Invalid phone number format: \"" + (invalid != null ? invalid : "") + "\"");
			outcome = CompletableFuture.completedFuture("failed");
		}
		else {
			logger.info("[simulator] Dial bridged callSid={} to={} audio={}", this.sid, dial.targets(),
					audio().label());
			// The customer talks for as long as the conversation lasts: until the stream has played it all,
			// or for its whole length when nothing streams.
			CompletableFuture<Long> remaining = this.streams.isEmpty()
					? CompletableFuture.completedFuture(audio().durationMs()) : this.streams.get(0).audioFinished();
			outcome = remaining.thenCompose((ms) -> sleep(Duration.ofMillis(ms)))
				.thenApply((x) -> "completed");
		}
		if (dial.action() == null) {
			return outcome.thenApply((x) -> null);
		}
		return outcome.thenCompose((dialStatus) -> {
			Map<String, String> extra = new LinkedHashMap<>();
			extra.put("DialCallStatus", dialStatus);
			extra.put("DialCallSid", Sids.call());
			extra.put("DialCallDuration",
					Long.toString(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - dialStarted)));
			extra.put("DialBridged", Boolean.toString("completed".equals(dialStatus)));
			return fetchTwiml(resolve(dial.action()), dial.method(), extra);
		}).thenAccept((next) -> {
			// With an action, Twilio continues with the action's TwiML, never with the verbs after <Dial>.
			rest.clear();
			rest.addAll((next != null) ? next : applicationError());
		});
	}

	/** Ends the call once; stops its streams, then reports {@code completed} with the final status. */
	void end(String finalStatus) {
		if (!this.ending.compareAndSet(false, true)) {
			return;
		}
		this.endTime = this.parts.clock().instant();
		setStatus(finalStatus);
		logger.info("[simulator] Call ended callSid={} status={} duration={}s", this.sid, finalStatus,
				callDurationSeconds());
		List<CompletableFuture<Void>> stops = this.streams.stream().map(SimulatedStream::stop).toList();
		this.ended.complete(finalStatus);
		CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
			.whenComplete((x, error) -> statusCallback("completed", finalStatus));
	}

	/** Records a Twilio debugger notification for this call (and logs it once). */
	void notification(int code, String message) {
		notification(code, message, null);
	}

	/** A notification about a request Twilio made to {@code url} (the URL the debugger shows), or none. */
	@Override
	public void notification(int code, String message, String url) {
		Instant now = Instant.now();
		String notificationSid = "NO" + java.util.UUID.randomUUID().toString().replace("-", "");
		String accountSid = this.parts.accountSid();
		this.notifications.add(new Logged(code + " " + message, new NotificationResource(notificationSid, accountSid, this.sid, "2010-04-01",
				Integer.toString(code), (code >= 15000 && code < 16000) ? "1" : "0", RFC_2822.format(now),
				RFC_2822.format(now), RFC_2822.format(now), NotificationResource.messageText(code, message, url),
				"https://www.twilio.com/docs/errors/" + code, url, (url != null && !url.startsWith("ws")) ? "POST" : null,
				"/2010-04-01/Accounts/" + accountSid + "/Calls/" + this.sid + "/Notifications/" + notificationSid + ".json")));
		logger.warn("[simulator] Twilio error {} callSid={}: {}", code, this.sid, message);
	}

	/** Queues a webhook behind those already queued for this call. */
	@Override
	public void enqueueCallback(Supplier<CompletableFuture<?>> send) {
		synchronized (this.callbackLock) {
			this.callbacks = this.callbacks.thenCompose((x) -> {
				try {
					return send.get().handle((response, error) -> null);
				}
				catch (RuntimeException ex) {
					logger.warn("[simulator] Callback not sent callSid={}: {}", this.sid, ex.toString());
					return CompletableFuture.completedFuture(null);
				}
			});
		}
	}

	/** Sends one callback webhook now; a refusal becomes a notification, as in Twilio's debugger. */
	@Override
	public CompletableFuture<?> webhook(String method, String url, Map<String, String> params, String what) {
		return this.parts.webhooks().send(method, url, params, this.route).whenComplete((response, error) -> {
			if (error != null) {
				notification(11205, "HTTP connection failure: " + what + " callback to " + url + ": " + error, url);
			}
			else if (response.statusCode() >= 400) {
				notification(15003, "Call Progress: Warning: " + what + " callback to " + url + " answered HTTP "
						+ response.statusCode(), url);
			}
		});
	}

	private void statusCallback(String event, String callStatus) {
		String url = this.request.statusCallback();
		if (url == null || !this.events.contains(event)) {
			return;
		}
		Map<String, String> params = callParams(callStatus);
		params.put("CallbackSource", "call-progress-events");
		params.put("Timestamp", RFC_2822.format(this.parts.clock().instant()));
		if ("completed".equals(event)) {
			params.put("CallDuration", Long.toString(callDurationSeconds()));
		}
		synchronized (this.callbackLock) {
			params.put("SequenceNumber", Integer.toString(this.callbackSequence++));
			enqueueCallback(() -> webhook(this.request.statusCallbackMethod(), url, params, "status " + event));
		}
	}

	/** The fields Twilio sends with every voice webhook of this call. */
	private Map<String, String> callParams(String callStatus) {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("AccountSid", this.parts.accountSid());
		params.put("ApiVersion", API_VERSION);
		params.put("CallSid", this.sid);
		params.put("CallStatus", callStatus);
		params.put("Called", this.request.to());
		params.put("Caller", this.request.from());
		params.put("Direction", "outbound-api");
		params.put("From", this.request.from());
		params.put("To", this.request.to());
		return params;
	}

	private synchronized CallAudio audio() {
		if (this.audio == null) {
			this.audio = this.parts.defaultAudio().get();
		}
		this.audioInUse = true;
		return this.audio;
	}

	/** A wait of simulated time that also ends when the call ends. */
	private CompletableFuture<Void> sleep(Duration duration) {
		return sleepNanos(this.parts.scaledNanos(duration.toNanos()));
	}

	/** Ringing is not scaled by {@code speed}: it has its own settings, and an app needs time to store the call. */
	private CompletableFuture<Void> afterCreate(Duration offset) {
		long deadline = this.createdNanos + offset.toNanos();
		return sleepNanos(deadline - System.nanoTime());
	}

	private CompletableFuture<Void> sleepNanos(long nanos) {
		if (isEnded()) {
			return CompletableFuture.completedFuture(null);
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		ScheduledFuture<?> timer = this.parts.scheduler()
			.schedule(() -> done.complete(null), Math.max(0, nanos), TimeUnit.NANOSECONDS);
		this.ended.whenComplete((status, error) -> {
			timer.cancel(false);
			done.complete(null);
		});
		return done;
	}

	private void setStatus(String status) {
		this.status = status;
		this.updated = this.parts.clock().instant();
	}

	private long callDurationSeconds() {
		Instant start = this.startTime;
		Instant end = (this.endTime != null) ? this.endTime : this.parts.clock().instant();
		return (start != null) ? Math.max(0, Duration.between(start, end).toSeconds()) : 0;
	}

	/** Resolves a URL in TwiML against the document it came from, as Twilio does for relative URLs. */
	private String resolve(String url) {
		String base = this.documentUrl;
		try {
			if (base == null || URI.create(url.trim()).isAbsolute()) {
				return url.trim();
			}
			return URI.create(base).resolve(url.trim()).toString();
		}
		catch (IllegalArgumentException ex) {
			return url.trim(); // sending to it fails and is reported like any unreachable URL
		}
	}

	/** A relative stream URL is resolved against the document, then {@code http(s)} becomes {@code ws(s)}. */
	private String resolveStream(String url) {
		String trimmed = url.trim();
		try {
			if (this.documentUrl == null || new URI(trimmed).isAbsolute()) {
				return trimmed;
			}
		}
		catch (java.net.URISyntaxException ex) {
			return trimmed; // the stream reports it as a malformed URL (31923)
		}
		String resolved = resolve(trimmed);
		return resolved.startsWith("https:") ? "wss:" + resolved.substring(6)
				: resolved.startsWith("http:") ? "ws:" + resolved.substring(5) : resolved;
	}

	private static String snake(String name) {
		return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

}
