package com.talkhint.twilio;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.talkhint.call.ApiError;
import com.talkhint.call.CallAdmission;
import com.talkhint.call.CallPlacedListener;
import com.talkhint.call.CallService;
import com.talkhint.call.Diagnostics;
import com.talkhint.call.PhoneNumbers;
import com.talkhint.call.TollFraudGuard;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpMethod;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /start-call}: rings the agent through Twilio's REST API with a {@code Url} (never inline
 * TwiML) and status callbacks, so that Twilio must fetch {@code /twilio/outbound} to go on.
 */
@RestController
class StartCallController {

	private static final Logger log = LoggerFactory.getLogger(StartCallController.class);

	static final List<String> STATUS_EVENTS = List.of("initiated", "ringing", "answered", "completed");

	private final TwilioRestClient twilio;

	private final TwilioSettings settings;

	private final PublicUrls publicUrls;

	private final CallService calls;

	private final JsonMapper json;

	private final List<CallPlacedListener> placedListeners;

	private final Clock clock;

	private final TollFraudGuard guard;

	private final CallAdmission admission;

	StartCallController(TwilioRestClient twilio, TwilioSettings settings, PublicUrls publicUrls, CallService calls,
			JsonMapper json, List<CallPlacedListener> placedListeners, Clock clock, TollFraudGuard guard,
			CallAdmission admission) {
		this.clock = clock;
		this.admission = admission;
		this.guard = guard;
		this.twilio = twilio;
		this.settings = settings;
		this.publicUrls = publicUrls;
		this.calls = calls;
		this.json = json;
		this.placedListeners = placedListeners;
	}

	/**
	 * What a {@code POST /start-call} body says, JSON or form: each field as text, {@code null} when absent.
	 */
	record StartCallRequest(String to, String agent, String scenario) {
	}

	@PostMapping("/start-call")
	ResponseEntity<Map<String, Object>> startCall(HttpServletRequest request) {
		StartCallRequest body = readBody(request);
		String to = PhoneNumbers.normalise(body.to());
		if (to == null) {
			throw new ApiError(HttpStatus.BAD_REQUEST, (body.to() == null || body.to().isBlank())
					? "'to' is required: the number to call, in E.164 form like +14155550100"
					: "'to' is not an E.164 phone number (like +14155550100): " + abbreviate(body.to()));
		}
		String agentRaw = (body.agent() != null) ? body.agent() : "";
		String agent;
		if (!agentRaw.isBlank()) {
			agent = PhoneNumbers.normalise(agentRaw);
			if (agent == null) {
				throw new ApiError(HttpStatus.BAD_REQUEST,
						"'agent' is not an E.164 phone number (like +14155550100): " + abbreviate(agentRaw));
			}
		}
		else {
			agent = this.settings.agentNumber();
			if (agent == null) {
				throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE,
						"AGENT_PHONE_NUMBER is not set: set it to your own phone (E.164) or pass 'agent' in the request");
			}
		}
		String from = this.settings.phoneNumber();
		if (from == null) {
			throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE,
					"TWILIO_PHONE_NUMBER is not set: set it to your Twilio number (E.164), the caller ID of every call");
		}
		if (!this.settings.simulator() && this.settings.authToken() == null) {
			throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE,
					"TWILIO_AUTH_TOKEN is not set: TWILIO_ACCOUNT_SID is, but Twilio needs both to place a call");
		}
		this.guard.check(to, agent);
		String scenario = body.scenario();
		for (CallPlacedListener listener : this.placedListeners) {
			listener.check(to, agent, scenario);
		}
		// A call this node cannot transcribe in real time is refused (503) rather than degrading the others; bad
		// input above is a 400 whatever the load.
		this.admission.check();
		String base = this.publicUrls.base(request);
		// The target travels in the webhook's query string (signed by Twilio like the rest of the URL): the
		// TwiML needs it, and Twilio may fetch the URL before create() has even returned.
		// '+' must be percent-encoded: in a form-style query string a bare '+' decodes to a space.
		URI outbound = URI.create(base + "/twilio/outbound?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
		URI status = URI.create(base + "/twilio/status");
		Call call;
		try {
			// The URI overload: Call.creator(to, from, String) would send the URL as an ApplicationSid.
			call = Call.creator(new PhoneNumber(agent), new PhoneNumber(from), outbound)
				.setMethod(HttpMethod.POST)
				.setStatusCallback(status)
				.setStatusCallbackMethod(HttpMethod.POST)
				.setStatusCallbackEvent(STATUS_EVENTS)
				.create(this.twilio);
		}
		catch (ApiException ex) {
			log.warn("[twilio] Twilio refused the call to {}: {} {}", agent, ex.getCode(), ex.getMessage());
			Map<String, Object> extra = new LinkedHashMap<>();
			extra.put("twilioCode", ex.getCode());
			extra.put("twilioStatus", ex.getStatusCode());
			if (ex.getMoreInfo() != null) {
				extra.put("moreInfo", ex.getMoreInfo());
			}
			String reason = (ex.getMessage() != null) ? ex.getMessage()
					: "HTTP " + ex.getStatusCode() + " from " + ((this.settings.apiBaseUrl() != null) ? this.settings.apiBaseUrl() : "the built-in simulator");
			throw new ApiError(HttpStatus.BAD_GATEWAY, "Twilio refused the call: " + reason, extra);
		}
		catch (ApiConnectionException ex) {
			log.warn("[twilio] Twilio API unreachable: {}", ex.getMessage());
			throw new ApiError(HttpStatus.BAD_GATEWAY, "Could not reach the Twilio API: " + ex.getMessage());
		}
		String callSid = call.getSid();
		String callStatus = (call.getStatus() != null) ? call.getStatus().toString() : "queued";
		log.info("[twilio] Call created callSid={} agent={} to={} url={}", callSid, agent, to, outbound);
		this.calls.placed(callSid, to, agent, from, scenario, callStatus);
		if (!this.settings.simulator() && !base.startsWith("https://")) {
			this.calls.diagnostic(callSid, Diagnostics.publicUrlNotHttps(this.clock.instant(), base),
					Diagnostics.PUBLIC_URL_NOT_HTTPS);
		}
		for (CallPlacedListener listener : this.placedListeners) {
			listener.callPlaced(callSid, to, agent, scenario);
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("callSid", callSid);
		response.put("status", callStatus);
		response.put("to", to);
		response.put("agent", agent);
		if (scenario != null) {
			response.put("scenario", scenario);
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(response);
	}

	private static boolean isJson(String contentType) {
		try {
			return MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_JSON);
		}
		catch (org.springframework.util.InvalidMimeTypeException ex) {
			return false;
		}
	}

	private static boolean isForm(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED) || type.isCompatibleWith(MediaType.MULTIPART_FORM_DATA);
		}
		catch (org.springframework.util.InvalidMimeTypeException ex) {
			return false;
		}
	}

	/**
	 * JSON object or form fields; another content type is a 415 that says what to send, a bad body a 400.
	 * <p>
	 * Read here rather than bound by Spring. {@code @RequestBody} needs a second, JSON-only mapping: tried, it
	 * answered a bodiless request with a 500 (both mappings matched), read bodies typed {@code application/*} or
	 * any-type as forms, decoded a declared non-UTF-8 charset that is malformed JSON here, and could tell a body that
	 * is not an object from malformed JSON only by Jackson's message text. Spring's form binding joins repeated
	 * fields with commas where the first one counts here, and a body Tomcat cannot decode must be this endpoint's 400.
	 */
	private StartCallRequest readBody(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType != null && isJson(contentType)) {
			JsonNode root;
			try {
				root = this.json.readTree(request.getInputStream());
			}
			catch (JacksonException | IOException ex) {
				throw new ApiError(HttpStatus.BAD_REQUEST, "Malformed JSON body: expected {\"to\": \"+14155550100\"}");
			}
			if (root == null || !root.isObject()) {
				throw new ApiError(HttpStatus.BAD_REQUEST, "JSON body must be an object like {\"to\": \"+14155550100\"}");
			}
			return new StartCallRequest(text(root.get("to")), text(root.get("agent")), text(root.get("scenario")));
		}
		if (contentType != null && !isForm(contentType)) {
			throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + contentType.split(";")[0].trim()
					+ " is not supported: send JSON with Content-Type: application/json, e.g. {\"to\": \"+14155550100\"}, "
					+ "or form fields (application/x-www-form-urlencoded)");
		}
		try {
			// The first of repeated fields (the query string's before the body's), as getParameter is.
			return new StartCallRequest(request.getParameter("to"), request.getParameter("agent"),
					request.getParameter("scenario"));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// Tomcat's InvalidParameterException (bad percent-encoding or charset) is an IllegalStateException.
			throw new ApiError(HttpStatus.BAD_REQUEST, "Malformed form body: expected to=+14155550100");
		}
	}

	/**
	 * A JSON value as text: a string as itself, anything else as its JSON, so that {@code 12345} or {@code {…}} sent
	 * by mistake gets the same "not an E.164" answer as a wrong string; {@code null} is absent.
	 */
	private static String text(JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		return value.isString() ? value.stringValue() : value.toString();
	}

	private static String abbreviate(String value) {
		String v = value.replaceAll("\\p{Cntrl}", "?");
		return (v.length() > 40) ? v.substring(0, 40) + "…" : v;
	}

}
