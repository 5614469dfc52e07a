package com.talkhint.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The built-in Twilio: accepts calls like Twilio's REST Calls API, then runs each one through the app's real
 * webhooks and {@code /twilio/stream} socket, signed with the account's auth token, playing a scenario (or any
 * recorded pair) as the two sides of the conversation. One instance serves any number of concurrent calls on
 * a small shared scheduler.
 */
public final class TwilioSimulator implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TwilioSimulator.class);

	private static final Pattern APPLICATION_SID = Pattern.compile("AP[0-9a-fA-F]{32}");

	/** Ended calls stay fetchable this long, then are forgotten. */
	private static final Duration RETENTION = Duration.ofHours(1);

	private final SimulatorSettings settings;

	private final SimulatorProperties properties;

	private final ScenarioLibrary scenarios;

	private final Clock clock;

	private final ThreadPoolTaskScheduler scheduler;

	/** Handed to every call, which hands it to its streams. */
	private final SimulatorParts parts;

	private final Map<String, SimulatedCall> calls = new ConcurrentHashMap<>();

	private final CallAudio replay;

	/** Audio chosen before the call exists, by To number, taken by the next create to that number. */
	private final Map<String, Queue<CallAudio>> nextCalls = new ConcurrentHashMap<>();

	public TwilioSimulator(SimulatorSettings settings, SimulatorProperties properties, ScenarioLibrary scenarios,
			Clock clock) {
		if (settings.accountSid() == null || settings.authToken() == null || settings.authToken().isBlank()) {
			throw new IllegalArgumentException("The Twilio simulator signs every webhook like Twilio: it needs the "
					+ "account sid and an auth token (got accountSid=" + settings.accountSid() + ", authToken "
					+ ((settings.authToken() == null || settings.authToken().isBlank()) ? "missing" : "set") + ")");
		}
		this.settings = settings;
		this.properties = properties;
		this.scenarios = scenarios;
		this.clock = clock;
		if (!properties.defaultScenario().isBlank() && !scenarios.contains(properties.defaultScenario())) {
			throw new IllegalArgumentException("talkhint.simulator.default-scenario: "
					+ scenarioError(properties.defaultScenario()));
		}
		this.replay = properties.replay().isSet() ? CallAudioFiles.load(Path.of(properties.replay().agent()),
				Path.of(properties.replay().customer())) : null;
		// Frame pacing for every call: a cancelled tick (a hung-up call) leaves the queue at once.
		this.scheduler = new ThreadPoolTaskScheduler();
		this.scheduler.setPoolSize(properties.threads());
		this.scheduler.setThreadNamePrefix("simulator-");
		this.scheduler.setDaemon(true);
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler.setWaitForTasksToCompleteOnShutdown(true); // close(): what is already due still runs
		this.scheduler.initialize();
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		TwilioSignature signature = new TwilioSignature(settings.authToken());
		this.parts = new SimulatorParts(settings.accountSid(), properties, clock, this.scheduler.getScheduledExecutor(),
				http, signature, new WebhookClient(http, signature, properties.webhookTimeout()),
				JsonMapper.builder().build(), this::defaultAudio);
		logger.info("[simulator] Twilio simulator ready accountSid={} speed={} scenarios={}{}", settings.accountSid(),
				properties.speed(), scenarios.list().stream().map(ScenarioInfo::id).toList(),
				(this.replay != null) ? " replay=" + this.replay.label() : "");
	}

	/**
	 * Creates a call as {@code POST /Calls.json} does and starts running it.
	 * @throws TwilioApiException with Twilio's code when Twilio would refuse the request
	 */
	public CallResource create(CallRequest request) {
		validate(request);
		forgetOldCalls();
		Set<String> origins = new HashSet<>();
		for (String url : new String[] { request.url(), request.statusCallback() }) {
			String origin = (url != null) ? Route.origin(url) : null;
			if (origin != null) {
				origins.add(origin);
			}
		}
		URI local = this.properties.routeToLocal() ? request.localBase() : null;
		SimulatedCall call = new SimulatedCall(this.parts, request, new Route(Set.copyOf(origins), local));
		Queue<CallAudio> chosen = this.nextCalls.get(request.to());
		CallAudio audio = (chosen != null) ? chosen.poll() : null;
		if (audio != null) {
			call.useAudio(audio);
		}
		this.calls.put(call.sid(), call);
		CallResource created = call.resource();
		call.start();
		return created;
	}

	/** The call as {@code GET /Calls/{sid}.json} returns it. */
	public Optional<CallResource> fetch(String callSid) {
		return Optional.ofNullable(this.calls.get(callSid)).map(SimulatedCall::resource);
	}

	/**
	 * {@code POST /Calls/{sid}.json} with {@code Status}: {@code completed} hangs up, {@code canceled} cancels a
	 * call that is not answered yet.
	 */
	public CallResource update(String callSid, String status) {
		SimulatedCall call = require(callSid);
		if (status != null) {
			String requested = status.trim().toLowerCase(Locale.ROOT);
			if (!requested.equals("completed") && !requested.equals("canceled")) {
				throw new TwilioApiException(400, 20001,
						"Invalid Status: \"" + status + "\"; use completed or canceled");
			}
			call.hangUp(requested);
		}
		return call.resource();
	}

	/**
	 * Plays scenario {@code scenarioId} on call {@code callSid}. The choice must come before the call is
	 * answered ({@code answered-after}, 3 s by default); {@link #playScenarioOnNextCall} has no such race.
	 * @throws IllegalArgumentException for an unknown scenario, naming the available ones
	 */
	public void playScenario(String callSid, String scenarioId) {
		playAudio(callSid, scenarioAudio(scenarioId));
	}

	/** Plays any recorded pair on call {@code callSid} (see {@link CallAudioFiles} to load files). */
	public void playAudio(String callSid, CallAudio audio) {
		require(callSid).useAudio(audio);
	}

	/** Plays scenario {@code scenarioId} on the next call created to {@code to} (choose, then create). */
	public void playScenarioOnNextCall(String to, String scenarioId) {
		playAudioOnNextCall(to, scenarioAudio(scenarioId));
	}

	/** Plays {@code audio} on the next call created to {@code to}; calls to one number take them in order. */
	public void playAudioOnNextCall(String to, CallAudio audio) {
		this.nextCalls.computeIfAbsent(to, (number) -> new ConcurrentLinkedQueue<>()).add(audio);
	}

	/** Completes with the final CallStatus of {@code callSid} (completed, canceled…). */
	public CompletableFuture<String> whenEnded(String callSid) {
		return require(callSid).ended();
	}

	/** Twilio-debugger notifications of a call ("12100 Document parse failure…"), for tests and diagnostics. */
	public List<String> notifications(String callSid) {
		return require(callSid).notifications();
	}

	/** The same notifications in the shape of Twilio's REST API. */
	List<NotificationResource> notificationResources(String callSid) {
		return require(callSid).notificationResources();
	}

	/** Media pacing of the streams of {@code callSid} (load drivers: frames sent, late ticks, stream start). */
	public List<StreamPacing> pacing(String callSid) {
		return require(callSid).pacing();
	}

	/** Built-in scenarios, the default first (for {@code /api/config}). */
	public List<ScenarioInfo> scenarios() {
		return this.scenarios.list();
	}

	/** Number of calls not ended yet. */
	public int activeCalls() {
		return (int) this.calls.values().stream().filter((call) -> !call.isEnded()).count();
	}

	/** Hangs up every call and stops the scheduler. */
	@Override
	public void close() {
		this.calls.values().forEach((call) -> call.end("completed"));
		this.scheduler.shutdown();
	}

	private CallAudio scenarioAudio(String scenarioId) {
		if (!this.scenarios.contains(scenarioId)) {
			throw new IllegalArgumentException(scenarioError(scenarioId));
		}
		return this.scenarios.audio(scenarioId);
	}

	/** What a call plays when nobody chose: the replay pair, else the default scenario, else the first one listed. */
	private CallAudio defaultAudio() {
		if (this.replay != null) {
			return this.replay;
		}
		String id = this.properties.defaultScenario().isBlank() ? this.scenarios.list().get(0).id()
				: this.properties.defaultScenario();
		return this.scenarios.audio(id);
	}

	private void validate(CallRequest request) {
		if (request.to() == null || request.to().isBlank()) {
			throw new TwilioApiException(400, 21201, "No 'To' number is specified");
		}
		if (!CallRequest.isE164(request.to()) && !request.to().startsWith("client:")
				&& !request.to().startsWith("sip:")) {
			throw new TwilioApiException(400, 21211, "Invalid 'To' Phone Number: " + request.to());
		}
		if (request.from() == null || request.from().isBlank()) {
			throw new TwilioApiException(400, 21603, "A 'From' phone number is required.");
		}
		if (!CallRequest.isE164(request.from()) && !request.from().startsWith("client:")) {
			throw new TwilioApiException(400, 21212, "Invalid From Number (caller ID): " + request.from());
		}
		boolean hasUrl = request.url() != null && !request.url().isBlank();
		boolean hasTwiml = request.twiml() != null && !request.twiml().isBlank();
		boolean hasApplication = request.applicationSid() != null && !request.applicationSid().isBlank();
		if (hasUrl) {
			requireHttpUrl(request.url(), 21205, "Url");
		}
		else if (hasApplication) {
			// Call.creator(to, from, String) sends its third argument as ApplicationSid, not Url.
			String hint = APPLICATION_SID.matcher(request.applicationSid()).matches() ? ""
					: " (a URL passed as a String to Call.creator(to, from, String) is sent as ApplicationSid;"
							+ " pass a java.net.URI to send it as Url)";
			throw new TwilioApiException(400, 21218, "Invalid ApplicationSid: " + request.applicationSid() + hint);
		}
		else if (!hasTwiml) {
			throw new TwilioApiException(400, 21205, "Url parameter is required. Provide Url, Twiml or ApplicationSid.");
		}
		else if (request.twiml().length() > 4000) {
			throw new TwilioApiException(400, 21205,
					"Twiml is " + request.twiml().length() + " characters; the limit is 4000");
		}
		if (request.statusCallback() != null && !request.statusCallback().isBlank()) {
			requireHttpUrl(request.statusCallback(), 21205, "StatusCallback");
		}
		for (String event : request.statusCallbackEvents()) {
			if (!List.of("initiated", "ringing", "answered", "completed").contains(event.trim().toLowerCase(Locale.ROOT))) {
				throw new TwilioApiException(400, 21626, "Invalid StatusCallbackEvent: " + event);
			}
		}
	}

	private static void requireHttpUrl(String url, int code, String field) {
		try {
			URI uri = new URI(url);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
				return;
			}
		}
		catch (java.net.URISyntaxException ex) {
			// reported below
		}
		throw new TwilioApiException(400, code, field + " is not a valid URL: " + url);
	}

	private SimulatedCall require(String callSid) {
		SimulatedCall call = this.calls.get(callSid);
		if (call == null) {
			throw new TwilioApiException(404, 20404, "The requested resource /2010-04-01/Accounts/"
					+ this.settings.accountSid() + "/Calls/" + callSid + ".json was not found");
		}
		return call;
	}

	/** Whether {@code scenarioId} is a built-in scenario. */
	public boolean hasScenario(String scenarioId) {
		return this.scenarios.contains(scenarioId);
	}

	/** The error for an unknown scenario, naming the available ones. */
	public String unknownScenario(String scenarioId) {
		return scenarioError(scenarioId);
	}

	private String scenarioError(String scenarioId) {
		return "Unknown scenario '" + scenarioId + "'; available: "
				+ String.join(", ", this.scenarios.list().stream().map(ScenarioInfo::id).toList());
	}

	private void forgetOldCalls() {
		long cutoff = this.clock.millis() - RETENTION.toMillis();
		this.calls.values().removeIf((call) -> call.isEnded() && call.endedAtMillis() < cutoff);
	}

}
