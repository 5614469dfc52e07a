package com.talkhint.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.talkhint.call.CallService;
import com.talkhint.hint.CoachingSettings;
import com.talkhint.hint.PlaybookSource;
import com.talkhint.security.ApiToken;
import com.talkhint.transcription.TranscriptSegment;
import com.talkhint.twilio.PublicUrls;
import com.talkhint.twilio.TwilioSettings;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/config}: what the UI needs before the first call: the mode, the numbers TalkHint will
 * use, the URLs Twilio must reach, whether a token is needed, (simulator mode) the scenarios, and the
 * vocabulary the page shows instead of keeping a copy: status labels and steps, the coaching thresholds and hint
 * titles of the playbook in force, and the confidence below which a word is shown as unsure. It holds no secret.
 */
@RestController
class ConfigController {

	private final TwilioSettings settings;

	private final PublicUrls publicUrls;

	private final ApiToken token;

	private final ObjectProvider<ScenarioCatalog> scenarios;

	private final PlaybookSource playbooks;

	ConfigController(TwilioSettings settings, PublicUrls publicUrls, ApiToken token,
			ObjectProvider<ScenarioCatalog> scenarios, PlaybookSource playbooks) {
		this.settings = settings;
		this.publicUrls = publicUrls;
		this.token = token;
		this.scenarios = scenarios;
		this.playbooks = playbooks;
	}

	@GetMapping("/api/config")
	Map<String, Object> config(HttpServletRequest request) {
		String base = this.publicUrls.base(request);
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("mode", this.settings.simulator() ? "simulator" : "twilio");
		boolean locked = this.token.required()
				&& !this.token.accepts(ApiToken.bearer(request.getHeader(org.springframework.http.HttpHeaders.AUTHORIZATION)));
		if (!locked) {
			// The user's own phone number and deployment URLs: only for whoever holds the token, when one is set.
			config.put("agentNumber", this.settings.agentNumber());
			config.put("twilioNumber", this.settings.phoneNumber());
			config.put("publicBaseUrl", base);
			config.put("webhookUrl", base + "/twilio/outbound");
			config.put("streamUrl", PublicUrls.streamUrl(base));
		}
		config.put("authRequired", this.token.required());
		config.put("locked", locked);
		ScenarioCatalog catalog = this.scenarios.getIfAvailable();
		config.put("scenarios", (catalog != null) ? catalog.scenarios() : List.of());
		config.put("statuses", CallService.statusLabelsInOrder());
		config.put("coaching", CoachingSettings.of(this.playbooks.playbook()));
		config.put("unsureBelow", TranscriptSegment.UNSURE_BELOW);
		return config;
	}

}
