package com.talkhint.system;

import java.time.Clock;

import com.talkhint.call.CallService;
import com.talkhint.call.Diagnostics;
import com.talkhint.twilio.PublicUrls;
import com.talkhint.twilio.TwilioSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says at startup which URLs Twilio must reach, and flags a real-mode setup that cannot work. */
@Component
class StartupChecks {

	private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);

	private final TwilioSettings settings;

	private final PublicUrls publicUrls;

	private final CallService calls;

	private final Clock clock;

	StartupChecks(TwilioSettings settings, PublicUrls publicUrls, CallService calls, Clock clock) {
		this.settings = settings;
		this.publicUrls = publicUrls;
		this.calls = calls;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void check() {
		String base = this.publicUrls.configuredBase();
		String local = this.publicUrls.localBase();
		if (base != null) {
			log.info("[talkhint] Ready in {} mode: webhook {}/twilio/outbound, media stream {}",
					this.settings.simulator() ? "simulator" : "Twilio", base, PublicUrls.streamUrl(base));
		}
		else {
			log.info("[talkhint] Ready in {} mode: webhook {}/twilio/outbound, media stream {} (PUBLIC_BASE_URL not set: "
					+ "behind a proxy the host comes from each request's Host/X-Forwarded-* headers)",
					this.settings.simulator() ? "simulator" : "Twilio", local, PublicUrls.streamUrl(local));
		}
		log.info("[talkhint] Open {}/ in a browser{}", local, this.settings.simulator()
				? " and press Call for a demo call (simulator mode: no Twilio account needed)" : "");
		if (this.settings.simulator()) {
			return;
		}
		if (base == null) {
			log.warn("[talkhint] PUBLIC_BASE_URL is not set: Twilio must reach this server; TalkHint will derive the URL "
					+ "from each request's headers. Set PUBLIC_BASE_URL to your public https URL.");
		}
		else if (!base.startsWith("https://")) {
			this.calls.diagnostic(null, Diagnostics.publicUrlNotHttps(this.clock.instant(), base),
					Diagnostics.PUBLIC_URL_NOT_HTTPS);
		}
	}

}
