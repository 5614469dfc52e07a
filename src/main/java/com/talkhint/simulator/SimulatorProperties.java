package com.talkhint.simulator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the built-in Twilio simulator ({@code talkhint.simulator.*}).
 *
 * @param enabled {@code auto} (on when no Twilio account sid is configured), {@code true} or {@code false}
 * @param speed time scale of the answered call (TwiML verbs and media pacing): 1.0 is real time, 4.0 four times
 * faster; the ringing delays below are not scaled
 * @param initiatedAfter delay from create to the {@code initiated} callback (Twilio sends it about a second after
 * the REST call; an app that stores the call after create() returns must still expect it first)
 * @param ringingAfter delay from create to {@code ringing}
 * @param answeredAfter delay from create to {@code answered} and the TwiML fetch
 * @param webhookTimeout how long a webhook may take before it counts as failed (Twilio: 15 s, error 11205)
 * @param defaultScenario scenario played when the caller chose none; blank means the first one listed
 * @param routeToLocal connect webhooks and streams addressed to the app's public origin to the local server
 * (the origin is learned from the create request's {@code Url}); signatures still cover the public URL
 * @param threads size of the shared pacing scheduler, whatever the number of concurrent calls
 * @param replay optional default audio pair played instead of a scenario (µ-law raw or WAV files)
 */
@ConfigurationProperties("talkhint.simulator")
public record SimulatorProperties(@DefaultValue("auto") String enabled, @DefaultValue("1.0") double speed,
		@DefaultValue("1s") Duration initiatedAfter, @DefaultValue("1500ms") Duration ringingAfter,
		@DefaultValue("3s") Duration answeredAfter, @DefaultValue("15s") Duration webhookTimeout,
		@DefaultValue("") String defaultScenario, @DefaultValue("true") boolean routeToLocal,
		@DefaultValue("2") int threads, @DefaultValue Replay replay) {

	public SimulatorProperties {
		if (!(speed > 0) || Double.isInfinite(speed)) {
			throw new IllegalArgumentException("talkhint.simulator.speed must be a positive number, got " + speed);
		}
		if (threads < 1) {
			throw new IllegalArgumentException("talkhint.simulator.threads must be at least 1, got " + threads);
		}
		if (replay == null) {
			replay = new Replay(null, null);
		}
	}

	/** Real-time defaults, for use outside Spring. */
	public static SimulatorProperties defaults() {
		return new SimulatorProperties("auto", 1.0, Duration.ofSeconds(1), Duration.ofMillis(1500),
				Duration.ofSeconds(3), Duration.ofSeconds(15), "", true, 2, null);
	}

	/**
	 * A default agent/customer recording pair by file path.
	 *
	 * @param agent the agent's side (the {@code inbound} track of an outbound call)
	 * @param customer the customer's side (the {@code outbound} track)
	 */
	public record Replay(String agent, String customer) {

		public boolean isSet() {
			return this.agent != null && !this.agent.isBlank() && this.customer != null && !this.customer.isBlank();
		}

	}

}
