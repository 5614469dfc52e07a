package com.talkhint.simulator;

import java.time.Clock;

import com.talkhint.call.InProcessTelephony;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the built-in Twilio in simulator mode (see {@link SimulatorModeCondition}). Needs a
 * {@link SimulatorSettings} bean: the account sid and auth token the rest of the app uses for Twilio.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SimulatorModeCondition.class)
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorConfiguration {

	@Bean
	ScenarioLibrary scenarioLibrary() {
		return ScenarioLibrary.load();
	}

	/** Calls the simulator places end with this process: a restart ends those an earlier run left unfinished. */
	@Bean
	InProcessTelephony inProcessTelephony() {
		return new InProcessTelephony("the built-in Twilio simulator");
	}

	@Bean(destroyMethod = "close")
	TwilioSimulator twilioSimulator(SimulatorSettings settings, SimulatorProperties properties,
			ScenarioLibrary scenarios, ObjectProvider<Clock> clock) {
		return new TwilioSimulator(settings, properties, scenarios, clock.getIfAvailable(Clock::systemUTC));
	}

}
