package com.talkhint.twilio;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The setup check behind the page's "Check setup" button and {@code ./talkhint doctor}, and the public ping the
 * check requests through PUBLIC_BASE_URL to see that it comes back to this process.
 */
@RestController
class SetupController {

	private final SetupDoctor doctor;

	SetupController(SetupDoctor doctor) {
		this.doctor = doctor;
	}

	@PostMapping("/api/setup/check")
	SetupDoctor.Result check() {
		return this.doctor.check();
	}

	/** Public and harmless: says which process answered and whether it issued this nonce, nothing else. */
	@GetMapping("/setup/ping")
	Map<String, Object> ping(@RequestParam(required = false) String nonce) {
		return this.doctor.ping((nonce != null && nonce.length() <= 64) ? nonce : null);
	}

}
