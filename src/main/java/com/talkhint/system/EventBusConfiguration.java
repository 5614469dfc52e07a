package com.talkhint.system;

import com.talkhint.event.EventBus;
import com.talkhint.event.LocalEventBus;
import com.talkhint.event.RedisEventBus;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.RedisMessageListenerContainerConfigurer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
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

		/**
		 * Spring Boot's listener container, configured as Boot would, but delivering each message on the thread
		 * that received it, in order ({@link RedisEventBus#deliverInOrder}): Boot's own, on Java 17, starts a thread
		 * per message and so reorders a call's events. Boot backs off its own when this one exists.
		 */
		@Bean
		RedisMessageListenerContainer redisMessageListenerContainer(RedisMessageListenerContainerConfigurer configurer,
				RedisConnectionFactory factory) {
			RedisMessageListenerContainer container = new RedisMessageListenerContainer();
			configurer.configure(container, factory);
			RedisEventBus.deliverInOrder(container);
			return container;
		}

		/**
		 * Uses the listener container above, and publishes on a Lettuce connection of its own from Boot's
		 * connection factory, which {@link #redisEventBusLifecycle} opens and closes.
		 */
		@Bean
		RedisEventBus redisEventBus(LettuceConnectionFactory redis, RedisMessageListenerContainer container,
				JsonMapper json, @Value("${talkhint.events.redis-channel}") String channel, MeterRegistry meters) {
			return new RedisEventBus(redis, container, json, channel, meters);
		}

		/**
		 * Connects the bus at the start and, at the close, waits for Redis to take what was published before the
		 * factory shuts Lettuce down ({@link RedisEventBus#lifecycle}: a bean of its own, so nothing depends on it).
		 */
		@Bean
		SmartLifecycle redisEventBusLifecycle(RedisEventBus bus) {
			return bus.lifecycle();
		}

	}

}
