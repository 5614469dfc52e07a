package com.talkhint.privacy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** PII redaction of recognised speech, on unless {@code talkhint.privacy.redact=false}. */
@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

	@Bean
	Redactor redactor(@Value("${talkhint.privacy.redact:true}") boolean redact) {
		return new Redactor(redact);
	}

}
