package com.talkhint.system;

import com.talkhint.event.EventBus;
import com.talkhint.event.LocalEventBus;
import com.talkhint.event.RedisEventBus;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** The live event bus: in-process by default, Redis pub/sub with {@code talkhint.events.bus=redis} (profile "redis"). */
@Configuration(proxyBeanMethods = false)
class EventBusConfiguration {

	@Bean
	@ConditionalOnProperty(name = "talkhint.events.bus", havingValue = "local", matchIfMissing = true)
	EventBus localEventBus() {
		return new LocalEventBus();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "talkhint.events.bus", havingValue = "redis")
	static class Redis {

		/** Uses Spring Boot's auto-configured listener container. */
		@Bean
		EventBus redisEventBus(StringRedisTemplate redis, RedisMessageListenerContainer container, JsonMapper json,
				@Value("${talkhint.events.redis-channel}") String channel) {
			return new RedisEventBus(redis, container, json, channel);
		}

	}

}
