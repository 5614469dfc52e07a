package com.talkhint.hint;

import com.talkhint.event.Hint;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Hint settings ({@code talkhint.hints.*}; {@code application.yml} maps {@code TALKHINT_PLAYBOOK} and
 * {@code TALKHINT_SUMMARY_WEBHOOK_URL}). Blank means "not set".
 *
 * @param playbook path of the user's playbook YAML; unset: {@code ./playbook.yml} if present, else the built-in one
 * @param summaryWebhookUrl where the finished call is POSTed as JSON; unset: no webhook
 * @param meaning whether the meaning path runs (false: triggers only, no model loaded)
 * @param meaningModel the sentence-embedding model: e5-small-q (default, chosen in docs/hints.md), bge-small-q or
 * minilm-q (the latter two only when their jar is on the classpath)
 */
@ConfigurationProperties("talkhint.hints")
public record HintProperties(String playbook, String summaryWebhookUrl, @DefaultValue("true") boolean meaning,
		@DefaultValue("e5-small-q") String meaningModel) {

	public boolean hasWebhook() {
		return this.summaryWebhookUrl != null && !this.summaryWebhookUrl.isBlank();
	}

}
