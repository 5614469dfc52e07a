package com.talkhint.twilio;

import com.twilio.http.TwilioRestClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one {@link TwilioRestClient} of the application (never the static {@code Twilio.init}). Its HTTP
 * client sends every request to {@code TWILIO_API_BASE_URL}; in simulator mode to this server's own
 * {@code /simulator}, resolved per request because the port is known only after startup.
 */
@Configuration(proxyBeanMethods = false)
class TwilioClientConfiguration {

	@Bean
	TwilioRestClient twilioRestClient(TwilioSettings settings, Environment environment) {
		String token = (settings.authToken() != null) ? settings.authToken() : "";
		return new TwilioRestClient.Builder(settings.accountSid(), token)
			.httpClient(new BaseUrlHttpClient(() -> apiBaseUrl(settings, environment)))
			.build();
	}

	static String apiBaseUrl(TwilioSettings settings, Environment environment) {
		if (settings.apiBaseUrl() != null) {
			return settings.apiBaseUrl();
		}
		String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
		return "http://127.0.0.1:" + port + "/simulator";
	}

}
