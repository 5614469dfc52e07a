package com.talkhint.hint;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Optional LLM suggestions ({@code talkhint.llm.*}, from {@code TALKHINT_LLM_BASE_URL},
 * {@code TALKHINT_LLM_API_KEY}, {@code TALKHINT_LLM_MODEL}). Off unless a base URL is set.
 *
 * @param baseUrl an OpenAI-compatible server, e.g. {@code http://localhost:11434/v1}
 * @param apiKey bearer token, if the server wants one (from the environment only)
 * @param model the model name the server expects
 * @param timeout deadline of one suggestion; later answers are dropped
 * @param minInterval stream time between two requests for the same call
 */
@ConfigurationProperties("talkhint.llm")
public record LlmProperties(String baseUrl, String apiKey, @DefaultValue("gpt-4o-mini") String model,
		@DefaultValue("4s") Duration timeout, @DefaultValue("15s") Duration minInterval) {

	public boolean enabled() {
		return this.baseUrl != null && !this.baseUrl.isBlank();
	}

	@Override
	public String toString() {
		// keeps the key out of any log line or error message that prints the properties
		return "LlmProperties[baseUrl=" + this.baseUrl + ", model=" + this.model + ", timeout=" + this.timeout + "]";
	}

}
