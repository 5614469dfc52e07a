package com.talkhint.transcription;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one call's transcript events to the listeners off the recognition workers, in order (both tracks share
 * it, so a call's listeners see its events one at a time, as before): storing a final, publishing it on Redis
 * and matching hints never hold up recognition. Bounded: a call may have {@link #CAPACITY} events waiting. When
 * full, partials and progress ticks (each superseded by the next) are dropped and counted; finals and the stream
 * end wait for room, up to {@link #FINAL_WAIT_SECONDS} s, and are only then dropped, counted and logged.
 */
final class CallDelivery {

	static final int CAPACITY = 2000;

	static final long FINAL_WAIT_SECONDS = 30;

	private static final Logger log = LoggerFactory.getLogger(CallDelivery.class);

	private final String callSid;

	private final Executor executor;

	private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

	private final Semaphore room = new Semaphore(CAPACITY);

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final LongAdder dropped;

	CallDelivery(String callSid, Executor executor, LongAdder dropped) {
		this.callSid = callSid;
		this.executor = executor;
		this.dropped = dropped;
	}

	/** A partial or progress tick: dropped (and counted) rather than waited for when the call's queue is full. */
	void offer(Runnable event) {
		if (!this.room.tryAcquire()) {
			this.dropped.increment();
			return;
		}
		enqueue(event);
	}

	/**
	 * A final or the stream end: waits for room (bounded) so it is not lost to a burst of partials. Returns
	 * false when it was dropped after all.
	 */
	boolean put(Runnable event, String what) {
		boolean acquired;
		try {
			acquired = this.room.tryAcquire(FINAL_WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			this.dropped.increment();
			log.error("[transcription] call {}: {} not delivered: the listeners have not taken an event for {} s",
					this.callSid, what, FINAL_WAIT_SECONDS);
			return false;
		}
		enqueue(event);
		return true;
	}

	/** Events waiting. */
	int pending() {
		return CAPACITY - this.room.availablePermits();
	}

	private void enqueue(Runnable event) {
		this.queue.add(event);
		if (this.scheduled.compareAndSet(false, true)) {
			this.executor.execute(this::drain);
		}
	}

	private void drain() {
		try {
			Runnable event;
			int n = 0;
			while (n++ < 64 && (event = this.queue.poll()) != null) {
				try {
					event.run();
				}
				catch (RuntimeException ex) {
					log.warn("[transcription] call {}: event delivery failed: {}", this.callSid, ex.toString());
				}
				finally {
					this.room.release();
				}
			}
		}
		finally {
			this.scheduled.set(false);
			if (!this.queue.isEmpty() && this.scheduled.compareAndSet(false, true)) {
				this.executor.execute(this::drain);
			}
		}
	}

}
