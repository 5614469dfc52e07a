package com.talkhint.event;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** In-process {@link EventBus}: subscribers are called on the publishing thread, so they must be quick. */
public class LocalEventBus implements EventBus {

	private static final Logger log = LoggerFactory.getLogger(LocalEventBus.class);

	private final CopyOnWriteArrayList<Consumer<CallEvent>> subscribers = new CopyOnWriteArrayList<>();

	@Override
	public void publish(CallEvent event) {
		for (Consumer<CallEvent> subscriber : this.subscribers) {
			try {
				subscriber.accept(event);
			}
			catch (RuntimeException ex) {
				log.warn("[events] subscriber failed on {} for {}: {}", event.type(), event.callSid(), ex.toString());
			}
		}
	}

	@Override
	public AutoCloseable subscribe(Consumer<CallEvent> subscriber) {
		this.subscribers.add(subscriber);
		return () -> this.subscribers.remove(subscriber);
	}

}
