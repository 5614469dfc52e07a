package com.talkhint.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * This node's memory of its calls: one {@link LiveCall} per call, made on first use (a webhook, the stream's
 * {@code start}, a feature's first callback) and forgotten, with every feature's state on it, when the watchdog no
 * longer watches the call. The one place per-call memory is dropped: a feature keeps its state of a call as an
 * attachment of the LiveCall rather than in a map of its own with a sweep of its own.
 */
@Component
public class LiveCalls {

	private final Map<String, LiveCall> calls = new ConcurrentHashMap<>();

	private final Clock clock;

	public LiveCalls(Clock clock) {
		this.clock = clock;
	}

	/** The call's LiveCall, made now if this node has none. */
	public LiveCall get(String callSid) {
		return this.calls.computeIfAbsent(callSid, (sid) -> new LiveCall(sid, this.clock.instant()));
	}

	/** The call's LiveCall if this node has one; makes none. */
	public Optional<LiveCall> find(String callSid) {
		return Optional.ofNullable(this.calls.get(callSid));
	}

	/** {@code /start-call} placed the call: its LiveCall dates from then, unless a webhook was quicker. */
	void placed(String callSid, Instant at) {
		this.calls.putIfAbsent(callSid, new LiveCall(callSid, at));
	}

	/**
	 * Forgets this node's memory of calls the watchdog no longer watches (the database keeps everything), features'
	 * state included; a call met less than {@code minAge} ago is kept, as it may have been created after
	 * {@code watched} was read. A call is watched until {@code minAge} after it ended, so its stream and what the
	 * features do at its end are over by then.
	 */
	public void forgetAllBut(Set<String> watched, Instant now, Duration minAge) {
		for (LiveCall call : this.calls.values()) {
			if (!watched.contains(call.callSid()) && Duration.between(call.createdAt(), now).compareTo(minAge) > 0
					&& this.calls.remove(call.callSid(), call)) {
				call.forgotten();
			}
		}
	}

	/** How many calls this node remembers. */
	public int size() {
		return this.calls.size();
	}

}
