package com.talkhint.simulator;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Turns the simulator on in simulator mode: {@code talkhint.simulator.enabled=true}, or {@code auto} (the
 * default) with no {@code talkhint.twilio.account-sid}. {@code false} keeps it off even without an account.
 */
class SimulatorModeCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String enabled = context.getEnvironment().getProperty("talkhint.simulator.enabled", "auto").trim();
		if (enabled.equalsIgnoreCase("true")) {
			return true;
		}
		if (enabled.equalsIgnoreCase("false")) {
			return false;
		}
		String accountSid = context.getEnvironment().getProperty("talkhint.twilio.account-sid", "");
		return accountSid.isBlank();
	}

}
