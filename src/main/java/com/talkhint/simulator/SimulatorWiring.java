package com.talkhint.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.talkhint.call.ApiError;
import com.talkhint.call.CallPlacedListener;
import com.talkhint.system.ScenarioCatalog;
import com.talkhint.twilio.TwilioSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * Connects the simulator to the rest of TalkHint in simulator mode: it impersonates the account of
 * {@link TwilioSettings} (whose random auth token signs every webhook), plays the scenario {@code /start-call}
 * asked for, and lists the scenarios for {@code /api/config}. Kept apart from {@link SimulatorConfiguration} so
 * the simulator itself can run without the app (tests, load drivers).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SimulatorModeCondition.class)
class SimulatorWiring {

	@Bean
	SimulatorSettings simulatorSettings(TwilioSettings twilio) {
		return SimulatorSettings.of(twilio.accountSid(), twilio.authToken());
	}

	@Bean
	CallPlacedListener simulatorScenarioChooser(TwilioSimulator simulator) {
		return new CallPlacedListener() {

			@Override
			public void check(String to, String agent, String scenario) {
				if (scenario != null && !scenario.isBlank() && !simulator.hasScenario(scenario.trim())) {
					throw new ApiError(HttpStatus.BAD_REQUEST, simulator.unknownScenario(scenario.trim()));
				}
			}

			@Override
			public void callPlaced(String callSid, String to, String agent, String scenario) {
				if (scenario == null || scenario.isBlank()) {
					return; // the default scenario plays
				}
				try {
					simulator.playScenario(callSid, scenario.trim());
				}
				catch (IllegalArgumentException ex) {
					// The call exists already: end it rather than play something the user did not ask for.
					simulator.update(callSid, "canceled");
					throw new ApiError(HttpStatus.BAD_REQUEST, ex.getMessage());
				}
			}

		};
	}

	@Bean
	ScenarioCatalog simulatorScenarios(TwilioSimulator simulator) {
		return () -> {
			List<Map<String, Object>> scenarios = new java.util.ArrayList<>();
			for (ScenarioInfo info : simulator.scenarios()) {
				Map<String, Object> scenario = new LinkedHashMap<>();
				scenario.put("id", info.id());
				scenario.put("title", info.title());
				scenario.put("durationMs", info.durationMs());
				scenarios.add(scenario);
			}
			return scenarios;
		};
	}

}
