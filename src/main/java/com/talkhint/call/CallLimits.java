package com.talkhint.call;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Toll-fraud limits on {@code /start-call}: TalkHint dials on the user's Twilio account, so by default it
 * only calls the agent's own country, never premium-rate prefixes, and at a bounded rate.
 *
 * @param allowedPrefixes E.164 prefixes a destination must start with; empty = the agent number's country code
 * @param deniedPrefixes premium-rate and other high-cost prefixes, always refused
 * @param maxPerMinute calls placed per rolling minute
 * @param maxPerDay calls placed per rolling 24 h
 */
@ConfigurationProperties("talkhint.calls")
public record CallLimits(@DefaultValue List<String> allowedPrefixes,
		@DefaultValue({ "+1900", "+1976", "+44870", "+44871", "+44872", "+44873", "+4490", "+4491", "+4498", "+3381",
				"+3382", "+3389", "+49900", "+49137", "+39899", "+34803", "+34806", "+34807", "+34905", "+61190",
				"+6419", "+4190" }) List<String> deniedPrefixes,
		@DefaultValue("10") int maxPerMinute, @DefaultValue("200") int maxPerDay) {
}
