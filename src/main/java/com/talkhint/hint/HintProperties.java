package com.talkhint.hint;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Hint settings ({@code talkhint.hints.*}; {@code application.yml} maps {@code TALKHINT_PLAYBOOK} and
 * {@code TALKHINT_SUMMARY_WEBHOOK_URL}). Blank means "not set".
 *
 * @param playbook path of the user's playbook YAML; unset: {@code ./playbook.yml} if present, else the built-in one
 * @param summaryWebhookUrl where the finished call is POSTed as JSON; unset: no webhook
 */
@ConfigurationProperties("talkhint.hints")
public record HintProperties(String playbook, String summaryWebhookUrl) {

	public boolean hasWebhook() {
		return this.summaryWebhookUrl != null && !this.summaryWebhookUrl.isBlank();
	}

}
