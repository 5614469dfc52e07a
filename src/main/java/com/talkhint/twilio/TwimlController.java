package com.talkhint.twilio;

import java.util.LinkedHashMap;
import java.util.Map;

import com.talkhint.call.CallPlacedListener;
import com.talkhint.call.CallService;
import com.talkhint.call.PhoneNumbers;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's webhooks: the TwiML for the agent's leg ({@code /twilio/outbound}) and for calls to the Twilio
 * number ({@code /twilio/inbound}), and the call and stream status callbacks. The signature filter has
 * already checked every request here.
 */
@RestController
class TwimlController {

	private static final Logger log = LoggerFactory.getLogger(TwimlController.class);

	private static final java.util.regex.Pattern CALL_SID = java.util.regex.Pattern.compile("CA[0-9a-fA-F]{32}");

	private static final MediaType TEXT_XML = MediaType.parseMediaType("text/xml;charset=UTF-8");

	private final CallService calls;

	private final PublicUrls publicUrls;

	private final TwilioSettings settings;

	/** The recording-consent announcement ({@code talkhint.consent.announcement}); blank = none. */
	private final String announcement;

	TwimlController(CallService calls, PublicUrls publicUrls, TwilioSettings settings,
			@Value("${talkhint.consent.announcement:}") String announcement) {
		this.announcement = (announcement == null || announcement.isBlank()) ? null : announcement.trim();
		this.calls = calls;
		this.publicUrls = publicUrls;
		this.settings = settings;
	}

	/** The agent answered the REST-created call: greet, stream both tracks, dial the customer. */
	@PostMapping("/twilio/outbound")
	ResponseEntity<String> outbound(HttpServletRequest request) {
		Map<String, String> form = SignedForm.fields(request);
		String callSid = callSid(form);
		if (callSid == null) {
			return badRequest();
		}
		String target = PhoneNumbers.normalise(request.getParameter("to"));
		log.info("[twilio] Twilio event: twiml-fetch webhook=outbound callSid={}", callSid);
		if (target == null) {
			log.warn("[twilio] /twilio/outbound without a valid 'to' callSid={}", callSid);
			return xml(Twiml.sayAndHangUp("TalkHint did not receive a valid number to dial. Goodbye."));
		}
		return connect(request, callSid, "outbound", form, target, this.settings.phoneNumber());
	}

	/** Someone called the Twilio number: stream both tracks and dial the agent. */
	@PostMapping("/twilio/inbound")
	ResponseEntity<String> inbound(HttpServletRequest request) {
		Map<String, String> form = SignedForm.fields(request);
		String callSid = callSid(form);
		if (callSid == null) {
			return badRequest();
		}
		log.info("[twilio] Twilio event: twiml-fetch webhook=inbound callSid={}", callSid);
		String agent = this.settings.agentNumber();
		if (agent == null) {
			log.warn("[twilio] inbound call but AGENT_PHONE_NUMBER is not set callSid={}", callSid);
			return xml(Twiml.sayAndHangUp("Sorry, nobody can take this call right now. Goodbye."));
		}
		String callerId = form.getOrDefault("To", this.settings.phoneNumber());
		return connect(request, callSid, "inbound", form, agent, callerId);
	}

	/**
	 * The dialed party's whisper ({@code <Number url>}): Twilio plays this to the customer when they answer,
	 * before the bridge, so they hear the recording-consent announcement. It is not in the agent's stream.
	 */
	@PostMapping("/twilio/consent")
	ResponseEntity<String> consent(HttpServletRequest request) {
		Map<String, String> form = SignedForm.fields(request);
		log.info("[twilio] Twilio event: consent-announcement callSid={} parent={}", form.getOrDefault("CallSid", "?"),
				form.getOrDefault("ParentCallSid", "?"));
		return xml((this.announcement != null) ? Twiml.say(this.announcement) : Twiml.empty());
	}

	@PostMapping("/twilio/status")
	ResponseEntity<String> status(HttpServletRequest request) {
		Map<String, String> form = SignedForm.fields(request);
		String callSid = callSid(form);
		if (callSid == null) {
			return badRequest();
		}
		this.calls.statusCallback(callSid, form);
		return xml(Twiml.empty());
	}

	@PostMapping("/twilio/stream-status")
	ResponseEntity<String> streamStatus(HttpServletRequest request) {
		Map<String, String> form = SignedForm.fields(request);
		String callSid = callSid(form);
		if (callSid == null) {
			return badRequest();
		}
		log.info("[twilio] Twilio event: {} callSid={} streamSid={}{}", form.getOrDefault("StreamEvent", "?"), callSid,
				form.getOrDefault("StreamSid", "?"),
				form.containsKey("StreamError") ? " error=" + form.get("StreamError") : "");
		this.calls.streamStatusCallback(callSid, form);
		return xml(Twiml.empty());
	}

	private ResponseEntity<String> connect(HttpServletRequest request, String callSid, String direction,
			Map<String, String> form, String target, String callerId) {
		String base = this.publicUrls.base(request);
		String streamUrl = PublicUrls.streamUrl(base);
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("callSid", callSid);
		parameters.put("direction", direction);
		// Outbound: the customer is the dialed party and hears the announcement as a whisper. Inbound: the
		// customer is the caller and hears it in the greeting.
		boolean inbound = "inbound".equals(direction);
		String greeting = (inbound && this.announcement != null) ? Twiml.GREETING + " " + this.announcement
				: Twiml.GREETING;
		String whisper = (!inbound && this.announcement != null) ? base + "/twilio/consent" : null;
		String twiml = Twiml.connect(greeting, streamUrl, base + "/twilio/stream-status", parameters, callerId, target,
				whisper);
		if (!callSid.isBlank()) {
			this.calls.twimlServed(callSid, direction, form, streamUrl);
		}
		return xml(twiml);
	}

	/** Twilio's {@code CallSid} is {@code CA} + 32 hex digits; anything else is not from Twilio. */
	private static String callSid(Map<String, String> form) {
		String sid = form.get("CallSid");
		return (sid != null && CALL_SID.matcher(sid).matches()) ? sid : null;
	}

	private static ResponseEntity<String> badRequest() {
		return ResponseEntity.badRequest().contentType(TEXT_XML).body(Twiml.empty());
	}

	private static ResponseEntity<String> xml(String twiml) {
		return ResponseEntity.ok().contentType(TEXT_XML).body(twiml);
	}

}
