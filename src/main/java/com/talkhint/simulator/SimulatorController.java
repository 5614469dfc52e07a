package com.talkhint.simulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's REST Calls API under {@code /simulator}, where the app's {@code TwilioRestClient} is pointed in
 * simulator mode: create, fetch and hang up, with Basic auth and Twilio's validation and error JSON.
 */
@RestController
@RequestMapping(path = "/simulator/2010-04-01/Accounts/{accountSid}", produces = MediaType.APPLICATION_JSON_VALUE)
@Conditional(SimulatorModeCondition.class)
class SimulatorController {

	private final TwilioSimulator simulator;

	private final SimulatorSettings settings;

	SimulatorController(TwilioSimulator simulator, SimulatorSettings settings) {
		this.simulator = simulator;
		this.settings = settings;
	}

	@PostMapping("/Calls.json")
	ResponseEntity<CallResource> create(@PathVariable String accountSid, HttpServletRequest request) {
		authenticate(accountSid, request);
		String[] events = request.getParameterValues("StatusCallbackEvent");
		CallRequest call = new CallRequest(request.getParameter("To"), request.getParameter("From"),
				request.getParameter("Url"), request.getParameter("Method"), request.getParameter("FallbackUrl"),
				request.getParameter("FallbackMethod"), request.getParameter("StatusCallback"),
				request.getParameter("StatusCallbackMethod"), (events != null) ? Arrays.asList(events) : List.of(),
				request.getParameter("Twiml"), request.getParameter("ApplicationSid"), localBase(request));
		return ResponseEntity.status(HttpStatus.CREATED).body(this.simulator.create(call));
	}

	@GetMapping("/Calls/{callSid}.json")
	CallResource fetch(@PathVariable String accountSid, @PathVariable String callSid, HttpServletRequest request) {
		authenticate(accountSid, request);
		return this.simulator.fetch(callSid)
			.orElseThrow(() -> new TwilioApiException(404, 20404, "The requested resource " + request.getRequestURI()
					.substring("/simulator".length()) + " was not found"));
	}

	/** The Account resource, for credential checks: the simulator's account is a full, active one. */
	@GetMapping
	java.util.Map<String, Object> account(@PathVariable("accountSid") String resource, HttpServletRequest request) {
		// "/Accounts/{AccountSid}.json": the class-level path variable holds the sid with its ".json".
		if (!resource.endsWith(".json")) {
			throw new TwilioApiException(404, 20404, "The requested resource was not found");
		}
		String accountSid = resource.substring(0, resource.length() - ".json".length());
		authenticate(accountSid, request);
		java.util.Map<String, Object> account = new java.util.LinkedHashMap<>();
		account.put("sid", accountSid);
		account.put("owner_account_sid", accountSid);
		account.put("friendly_name", "TalkHint simulator");
		account.put("status", "active");
		account.put("type", "Full");
		account.put("date_created", SimulatedCall.RFC_2822.format(java.time.Instant.EPOCH));
		account.put("date_updated", SimulatedCall.RFC_2822.format(java.time.Instant.EPOCH));
		account.put("uri", "/2010-04-01/Accounts/" + accountSid + ".json");
		return account;
	}

	/** The account's numbers: the simulator owns the caller number TalkHint uses in simulator mode. */
	@GetMapping("/IncomingPhoneNumbers.json")
	java.util.Map<String, Object> incomingNumbers(@PathVariable String accountSid, HttpServletRequest request) {
		authenticate(accountSid, request);
		String wanted = request.getParameter("PhoneNumber");
		String owned = com.talkhint.twilio.TwilioSettings.SIMULATOR_TWILIO_NUMBER;
		List<java.util.Map<String, Object>> numbers = new java.util.ArrayList<>();
		if (wanted == null || wanted.equals(owned)) {
			java.util.Map<String, Object> number = new java.util.LinkedHashMap<>();
			number.put("sid", "PN" + "5170".repeat(8));
			number.put("account_sid", accountSid);
			number.put("phone_number", owned);
			number.put("friendly_name", "(500) 555-0006");
			number.put("capabilities", java.util.Map.of("voice", true, "sms", true, "mms", false, "fax", false));
			number.put("status", "in-use");
			number.put("uri", "/2010-04-01/Accounts/" + accountSid + "/IncomingPhoneNumbers/PN" + "5170".repeat(8) + ".json");
			numbers.add(number);
		}
		return page("incoming_phone_numbers", numbers, request);
	}

	/** Verified caller ids: none (the simulator's account is not a trial, so any number may be called). */
	@GetMapping("/OutgoingCallerIds.json")
	java.util.Map<String, Object> callerIds(@PathVariable String accountSid, HttpServletRequest request) {
		authenticate(accountSid, request);
		return page("outgoing_caller_ids", List.of(), request);
	}

	private static java.util.Map<String, Object> page(String key, List<?> items, HttpServletRequest request) {
		String uri = request.getRequestURI().substring("/simulator".length());
		java.util.Map<String, Object> page = new java.util.LinkedHashMap<>();
		page.put(key, items);
		page.put("page", 0);
		page.put("page_size", 50);
		page.put("start", 0);
		page.put("end", Math.max(0, items.size() - 1));
		page.put("uri", uri);
		page.put("first_page_uri", uri);
		page.put("next_page_uri", null);
		page.put("previous_page_uri", null);
		return page;
	}

	@GetMapping("/Calls/{callSid}/Notifications.json")
	NotificationResource.Page notifications(@PathVariable String accountSid, @PathVariable String callSid,
			HttpServletRequest request) {
		authenticate(accountSid, request);
		String uri = request.getRequestURI().substring("/simulator".length());
		if (this.simulator.fetch(callSid).isEmpty()) {
			throw new TwilioApiException(404, 20404, "The requested resource " + uri + " was not found");
		}
		return NotificationResource.Page.of(this.simulator.notificationResources(callSid), uri);
	}

	@PostMapping("/Calls/{callSid}.json")
	CallResource update(@PathVariable String accountSid, @PathVariable String callSid, HttpServletRequest request) {
		authenticate(accountSid, request);
		return this.simulator.update(callSid, request.getParameter("Status"));
	}

	@ExceptionHandler(TwilioApiException.class)
	ResponseEntity<TwilioApiException.Body> refused(TwilioApiException ex) {
		return ResponseEntity.status(ex.status()).contentType(MediaType.APPLICATION_JSON).body(ex.body());
	}

	/** Twilio authenticates with HTTP Basic: account sid and auth token, and the path must name that account. */
	private void authenticate(String accountSid, HttpServletRequest request) {
		String header = request.getHeader("Authorization");
		if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
			String expected = this.settings.accountSid() + ":" + this.settings.authToken();
			byte[] given;
			try {
				given = Base64.getDecoder().decode(header.substring(6).trim());
			}
			catch (IllegalArgumentException ex) {
				given = new byte[0];
			}
			if (MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8))
					&& this.settings.accountSid().equals(accountSid)) {
				return;
			}
		}
		throw new TwilioApiException(401, 20003, "Authenticate");
	}

	/** This server's own address, which the simulator connects to for URLs on the app's public origin. */
	private static URI localBase(HttpServletRequest request) {
		String address = request.getLocalAddr();
		String host = address.contains(":") ? "[" + address + "]" : address;
		return URI.create(request.getScheme() + "://" + host + ":" + request.getLocalPort());
	}

}
