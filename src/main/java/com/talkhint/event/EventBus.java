package com.talkhint.event;

import java.util.function.Consumer;

/**
 * Fan-out of {@link CallEvent}s to every live subscriber (browser sockets, metrics). In-process by
 * default; a Redis pub/sub implementation spreads them over several nodes.
 */
public interface EventBus {

	/** Delivers the event to every subscriber; never throws because one subscriber failed. */
	void publish(CallEvent event);

	/** Registers a subscriber; close the returned handle to stop receiving. */
	AutoCloseable subscribe(Consumer<CallEvent> subscriber);

	/**
	 * Someone on this node follows the call: its events must reach this node's subscribers. Events without a
	 * call and {@code call.status} always do. Calls come in pairs with {@link #unfollow}, once per call per
	 * node (the caller counts its own followers). An in-process bus delivers everything anyway.
	 */
	default void follow(String callSid) {
	}

	/** Nobody on this node follows the call any more: a bus spanning nodes may stop bringing its events here. */
	default void unfollow(String callSid) {
	}

}
