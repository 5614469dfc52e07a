package com.talkhint.system;

import com.talkhint.event.EventBus;
import com.talkhint.event.LocalEventBus;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The in-process event bus, unless a profile (e.g. Redis) provides another. */
@Configuration(proxyBeanMethods = false)
class EventBusConfiguration {

	@Bean
	@ConditionalOnMissingBean(EventBus.class)
	EventBus localEventBus() {
		return new LocalEventBus();
	}

}
