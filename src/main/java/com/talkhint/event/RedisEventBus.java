package com.talkhint.event;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * {@link EventBus} over Redis pub/sub: every node publishes to one channel and delivers what it receives
 * (its own events included) to its local subscribers, so a browser on any node sees every call's events
 * while the media stays on the node that holds the Twilio WebSocket. Pub/sub is fire-and-forget: the
 * database, not the bus, is the record (the UI reloads a call from {@code /api/calls/{sid}}).
 */
public class RedisEventBus implements EventBus, MessageListener {

	private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final String channel;

	private final CopyOnWriteArrayList<Consumer<TalkHintEvent>> subscribers = new CopyOnWriteArrayList<>();

	public RedisEventBus(StringRedisTemplate redis, RedisMessageListenerContainer container, JsonMapper json,
			String channel) {
		this.redis = redis;
		this.json = json;
		this.channel = channel;
		container.addMessageListener(this, new ChannelTopic(channel));
	}

	@Override
	public void publish(TalkHintEvent event) {
		try {
			this.redis.convertAndSend(this.channel, this.json.writeValueAsString(event));
		}
		catch (RuntimeException ex) {
			log.warn("[events] Redis publish failed for {} {}: {}", event.type(), event.callSid(), ex.toString());
		}
	}

	@Override
	public AutoCloseable subscribe(Consumer<TalkHintEvent> subscriber) {
		this.subscribers.add(subscriber);
		return () -> this.subscribers.remove(subscriber);
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		TalkHintEvent event;
		try {
			JsonNode node = this.json.readTree(message.getBody());
			@SuppressWarnings("unchecked")
			Map<String, Object> data = this.json.treeToValue(node.path("data"), Map.class);
			event = new TalkHintEvent(node.path("type").asString(),
					node.path("callSid").isNull() ? null : node.path("callSid").asString(null),
					Instant.parse(node.path("at").asString()), data);
		}
		catch (RuntimeException ex) { // JacksonException is unchecked in Jackson 3
			log.warn("[events] unreadable event on Redis channel {}: {}", this.channel, ex.toString());
			return;
		}
		for (Consumer<TalkHintEvent> subscriber : this.subscribers) {
			try {
				subscriber.accept(event);
			}
			catch (RuntimeException ex) {
				log.warn("[events] subscriber failed on {} for {}: {}", event.type(), event.callSid(), ex.toString());
			}
		}
	}

}
