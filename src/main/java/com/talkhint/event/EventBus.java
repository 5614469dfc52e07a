package com.talkhint.event;

import java.util.function.Consumer;

/**
 * Fan-out of {@link TalkHintEvent}s to every live subscriber (browser sockets, metrics). In-process by
 * default; a Redis pub/sub implementation spreads them over several nodes.
 */
public interface EventBus {

	/** Delivers the event to every subscriber; never throws because one subscriber failed. */
	void publish(TalkHintEvent event);

	/** Registers a subscriber; close the returned handle to stop receiving. */
	AutoCloseable subscribe(Consumer<TalkHintEvent> subscriber);

}
