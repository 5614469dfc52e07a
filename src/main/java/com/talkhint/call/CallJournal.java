package com.talkhint.call;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.talkhint.event.CallEvent;
import com.talkhint.event.CallEvent.CallStatus;
import com.talkhint.event.CallEvent.CallSummary;
import com.talkhint.event.CallEvent.HintFired;
import com.talkhint.event.CallEvent.StreamEvent;
import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.EventBus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The single way a call's events, and the rows that go with them, reach storage, and the first listener of every
 * event: {@link #publish} takes a typed {@link CallEvent}, queues the row it stores and hands the event on to the
 * {@link EventBus} (the browsers' fan-out, Redis) at once, on the caller's thread, so a live hint never waits for
 * the database. One writer thread ({@code journal-1}) writes the queue in the order it was filled, so a call's
 * rows keep their order: as many rows as are waiting (up to {@code batch-size}) in one transaction, one JDBC batch
 * per table. Nothing waits for company: a lone row is written at once, and batches grow by themselves when the
 * database is slower than the producers.
 * <p>
 * What each event stores: {@code call.status} and {@code twilio.event} a {@code call_events} row,
 * {@code transcript.final} a transcript line, {@code hint} a hint row, {@code call.summary} the call's summary;
 * partials, checklists and coaching metrics are live only, and diagnostics are stored where they are raised (the
 * insert is the claim that keeps two nodes from raising one twice, so it cannot wait in a queue).
 * <p>
 * Bounded, and nothing is dropped: a producer that finds the queue full waits up to {@code push-back} for room
 * (counted, logged once per episode), then writes the rows ahead of it itself until there is room. It writes
 * rather than spills: a spill to memory only moves the overflow to the heap of a node whose database is already
 * behind, and a spill to disk is a second store to recover after a crash; writing on the producer's thread keeps
 * memory bounded and turns a database that cannot keep up into back-pressure where the queue bound says it
 * belongs. It writes the rows queued ahead of its own first, so a call's order holds. The media socket thread must
 * never wait: its rows ({@link #publishWithoutWaiting}, {@link #streamStarted}) are taken over capacity, a handful
 * per call. After shutdown a producer writes its row itself.
 * <p>
 * Reads that must show what was published call {@link #flush(String)} first (free when the call has nothing
 * queued). A write that fails is retried once, row by row, then logged with the call and the kind of row and
 * counted; the writer carries on. Closing the context drains the queue (bounded) before the DataSource closes:
 * the journal stops after every other lifecycle bean, and as a bean that needs the DataSource it is destroyed
 * before it.
 */
@Component
public class CallJournal implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(CallJournal.class);

	/**
	 * Stops last of the lifecycle beans: after the media socket's transcript flush ({@code Integer.MAX_VALUE - 10}),
	 * the web server's graceful shutdown and Redis (phase 0), so every row they cause is queued before the drain.
	 */
	static final int PHASE = Integer.MIN_VALUE + 1000;

	/** Before the row-by-row retry of a failed batch: lets a dropped connection be replaced. */
	private static final long RETRY_PAUSE_MS = 100;

	/** The kinds of row, each one statement of {@link CallRepository}. */
	enum Kind {

		EVENT("call event", CallRepository.INSERT_EVENT), TRANSCRIPT("transcript line", CallRepository.INSERT_TRANSCRIPT),
		HINT("hint", CallRepository.INSERT_HINT), SUMMARY("summary", CallRepository.UPDATE_SUMMARY),
		STREAM_START("stream start", CallRepository.UPDATE_STREAM_STARTED);

		final String label;

		final String sql;

		Kind(String label, String sql) {
			this.label = label;
			this.sql = sql;
		}

	}

	/**
	 * One queued row; its parameters (the event's JSON among them) are made on the writer thread.
	 *
	 * @param seq its place in the journal, 0 until queued
	 */
	record Row(long seq, String callSid, Kind kind, Supplier<SqlParameterSource> params) {
	}

	private enum State {

		NEW, RUNNING, STOPPING, STOPPED

	}

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final EventBus bus;

	private final JournalProperties settings;

	/** Guards the queue, the sequence numbers and the state; held only for a moment, never across a write. */
	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Condition notFull = this.lock.newCondition();

	private final Condition written = this.lock.newCondition();

	/** Held from taking a batch off the queue to its commit, so batches are written one at a time, in order. */
	private final ReentrantLock writing = new ReentrantLock();

	private final ArrayDeque<Row> queue = new ArrayDeque<>();

	/** The last row queued for each call with rows not yet written (what {@link #flush(String)} waits for). */
	private final Map<String, Long> lastOfCall = new HashMap<>();

	private long appended;

	private long writtenUpTo;

	private State state = State.NEW;

	/** A full-queue episode is under way (logged once when it starts and once when the queue has caught up). */
	private boolean backlogged;

	private long episodePushBacks;

	private ThreadPoolTaskExecutor executor;

	private CompletableFuture<Void> writer;

	private final AtomicLong rowsStored = new AtomicLong();

	private final Counter pushBacks;

	private final Counter writeThroughs;

	private final DistributionSummary batches;

	private final MeterRegistry meters;

	public CallJournal(DataSource dataSource, JsonMapper json, EventBus bus, MeterRegistry meters,
			JournalProperties settings) {
		this.jdbc = new NamedParameterJdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.json = json;
		this.bus = bus;
		this.settings = settings;
		this.meters = meters;
		this.pushBacks = Counter.builder("talkhint.journal.pushback")
			.description("Rows whose producer found the journal's queue full and waited")
			.register(meters);
		this.writeThroughs = Counter.builder("talkhint.journal.write.through")
			.description("Rows whose producer wrote the queue's head itself (still full after the wait, or shut down)")
			.register(meters);
		this.batches = DistributionSummary.builder("talkhint.journal.batch")
			.description("Rows written per transaction")
			.register(meters);
		Gauge.builder("talkhint.journal.queued", this, CallJournal::queued)
			.description("Rows waiting for the journal's writer")
			.register(meters);
		FunctionCounter.builder("talkhint.journal.rows", this.rowsStored, AtomicLong::get)
			.description("Rows the journal stored")
			.register(meters);
	}

	/** Stores what {@code event} stores, behind, and publishes it now; may wait (bounded) when the queue is full. */
	public void publish(CallEvent event) {
		publish(event, null);
	}

	/**
	 * As {@link #publish(CallEvent)}, with the short line for people a {@code call_events} row keeps; {@code null}
	 * for the event's own name.
	 */
	public void publish(CallEvent event, String detail) {
		Row row = rowOf(event, detail);
		if (row != null) {
			enqueue(row, true);
		}
		this.bus.publish(event);
	}

	/**
	 * As {@link #publish(CallEvent, String)} but never waits, for the media socket thread: the row is taken even over
	 * capacity. Only for the few rows a call's stream makes (Twilio's stream events: a handful per call).
	 */
	public void publishWithoutWaiting(CallEvent event, String detail) {
		Row row = rowOf(event, detail);
		if (row != null) {
			enqueue(row, false);
		}
		this.bus.publish(event);
	}

	/** The media stream started: its sid and the stream milestone, behind; never waits (the socket thread). */
	public void streamStarted(String callSid, String streamSid, Instant at, NodeRun run) {
		enqueue(new Row(0, callSid, Kind.STREAM_START,
				() -> CallRepository.streamStartedRow(callSid, streamSid, at, run.runId())), false);
	}

	/** The row an event stores, or {@code null} for one that is only live (or has no call). */
	private Row rowOf(CallEvent event, String detail) {
		String sid = event.callSid();
		if (sid == null) {
			return null;
		}
		if (event instanceof CallStatus status) {
			String line = (detail != null) ? detail : status.data().status();
			return new Row(0, sid, Kind.EVENT, () -> CallRepository.eventRow(this.json, event, line));
		}
		if (event instanceof StreamEvent stream) {
			String line = (detail != null) ? detail : stream.data().event();
			return new Row(0, sid, Kind.EVENT, () -> CallRepository.eventRow(this.json, event, line));
		}
		if (event instanceof TranscriptFinal transcript) {
			TranscriptFinal.Data d = transcript.data();
			return new Row(0, sid, Kind.TRANSCRIPT, () -> CallRepository.transcriptRow(sid, d.speaker(), d.text(),
					d.startMs(), d.endMs(), d.confidences()));
		}
		if (event instanceof HintFired hint) {
			return new Row(0, sid, Kind.HINT, () -> CallRepository.hintRow(sid, hint.data()));
		}
		if (event instanceof CallSummary summary) {
			return new Row(0, sid, Kind.SUMMARY,
					() -> CallRepository.summaryRow(sid, this.json.writeValueAsString(summary.data())));
		}
		return null;
	}

	private void enqueue(Row row, boolean mayWait) {
		String episode = null;
		this.lock.lock();
		try {
			if (this.state != State.STOPPED && (this.queue.size() < this.settings.capacity() || !mayWait)) {
				add(row);
				return;
			}
			if (this.state != State.STOPPED) {
				this.pushBacks.increment();
				this.episodePushBacks++;
				if (!this.backlogged) {
					this.backlogged = true;
					episode = "[journal] queue full (" + this.queue.size() + " rows): producers wait up to "
							+ this.settings.pushBack().toMillis() + " ms for room, then write the rows ahead of theirs";
				}
				long nanos = this.settings.pushBack().toNanos();
				while (this.queue.size() >= this.settings.capacity() && this.state != State.STOPPED && nanos > 0) {
					nanos = this.notFull.awaitNanos(nanos);
				}
				if (this.queue.size() < this.settings.capacity() && this.state != State.STOPPED) {
					add(row);
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt(); // and write it below: an interrupt is no reason to lose a row
		}
		finally {
			this.lock.unlock();
			if (episode != null) {
				log.warn(episode);
			}
		}
		writeThrough(row);
	}

	/** Under {@link #lock}. */
	private void add(Row row) {
		long seq = ++this.appended;
		this.queue.add(new Row(seq, row.callSid(), row.kind(), row.params()));
		this.lastOfCall.put(row.callSid(), seq);
		this.notEmpty.signal();
	}

	/**
	 * The queue stayed full (or the writer has stopped): this thread writes the rows ahead of {@code row}, in order,
	 * until there is room for it; with the writer stopped it writes them all and then {@code row}.
	 */
	private void writeThrough(Row row) {
		this.writeThroughs.increment();
		this.writing.lock();
		try {
			while (true) {
				this.lock.lock();
				try {
					if (this.state != State.STOPPED && this.queue.size() < this.settings.capacity()) {
						add(row);
						return;
					}
					if (this.queue.isEmpty()) {
						break;
					}
				}
				finally {
					this.lock.unlock();
				}
				writeBatch();
			}
			write(List.of(row));
		}
		finally {
			this.writing.unlock();
		}
	}

	/**
	 * Waits until every row queued for {@code callSid} so far is written (or given up on and logged), at most
	 * {@code read-timeout}. Free when the call has nothing queued. Returns false on timeout.
	 */
	public boolean flush(String callSid) {
		Long target;
		this.lock.lock();
		try {
			target = this.lastOfCall.get(callSid);
		}
		finally {
			this.lock.unlock();
		}
		return (target == null) || awaitWritten(target);
	}

	/** Waits until every row queued so far is written, at most {@code read-timeout}. Returns false on timeout. */
	public boolean flush() {
		long target;
		this.lock.lock();
		try {
			target = this.appended;
		}
		finally {
			this.lock.unlock();
		}
		return awaitWritten(target);
	}

	private boolean awaitWritten(long target) {
		long deadline = System.nanoTime() + this.settings.readTimeout().toNanos();
		while (true) {
			this.lock.lock();
			try {
				if (this.writtenUpTo >= target) {
					return true;
				}
				if (this.state == State.RUNNING || this.state == State.STOPPING) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						log.warn("[journal] a read waited {} ms for queued rows; it shows what is stored so far",
								this.settings.readTimeout().toMillis());
						return false;
					}
					this.written.awaitNanos(left);
					continue;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			finally {
				this.lock.unlock();
			}
			// No writer (before the start, after the stop): the reader writes what it waits for.
			this.writing.lock();
			try {
				if (writeBatch() == 0) {
					return true;
				}
			}
			finally {
				this.writing.unlock();
			}
		}
	}

	/** Rows waiting now. */
	public int queued() {
		this.lock.lock();
		try {
			return this.queue.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Takes up to a batch off the queue and writes it; the caller holds {@link #writing}. Returns the rows taken. */
	private int writeBatch() {
		List<Row> batch = new ArrayList<>(Math.min(this.settings.batchSize(), 128));
		this.lock.lock();
		try {
			while (batch.size() < this.settings.batchSize() && !this.queue.isEmpty()) {
				batch.add(this.queue.poll());
			}
			if (!batch.isEmpty()) {
				this.notFull.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
		if (batch.isEmpty()) {
			return 0;
		}
		write(batch);
		String caughtUp = null;
		this.lock.lock();
		try {
			long upTo = batch.get(batch.size() - 1).seq();
			this.writtenUpTo = upTo;
			this.lastOfCall.values().removeIf((seq) -> seq <= upTo);
			this.written.signalAll();
			if (this.backlogged && this.queue.size() <= this.settings.capacity() / 2) {
				caughtUp = "[journal] queue caught up (" + this.queue.size() + " rows waiting); " + this.episodePushBacks
						+ " row(s) waited for room in this episode";
				this.backlogged = false;
				this.episodePushBacks = 0;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (caughtUp != null) {
			log.info(caughtUp);
		}
		return batch.size();
	}

	/**
	 * Writes rows in one transaction, one JDBC batch per kind (each kind's rows in queue order; different kinds are
	 * different tables, so their relative order does not matter). If the transaction fails, each row is retried once
	 * on its own, so one bad row costs only itself; a row that fails again is logged and counted.
	 */
	private void write(List<Row> rows) {
		try {
			this.transactions.executeWithoutResult((status) -> {
				Map<Kind, List<SqlParameterSource>> byKind = new EnumMap<>(Kind.class);
				for (Row row : rows) {
					byKind.computeIfAbsent(row.kind(), (k) -> new ArrayList<>()).add(row.params().get());
				}
				byKind.forEach((kind, params) -> this.jdbc.batchUpdate(kind.sql, params.toArray(new SqlParameterSource[0])));
			});
			this.batches.record(rows.size());
			this.rowsStored.addAndGet(rows.size());
			return;
		}
		catch (RuntimeException ex) {
			log.warn("[journal] writing {} row(s) failed, retrying each once: {}", rows.size(), ex.toString());
		}
		try {
			Thread.sleep(RETRY_PAUSE_MS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (Row row : rows) {
			try {
				this.jdbc.update(row.kind().sql, row.params().get());
				this.batches.record(1);
				this.rowsStored.incrementAndGet();
			}
			catch (RuntimeException ex) {
				Counter.builder("talkhint.journal.failed")
					.description("Rows the journal could not store after a retry")
					.tag("kind", row.kind().name().toLowerCase())
					.register(this.meters)
					.increment();
				log.error("[journal] {} of call {} NOT stored after a retry: {}", row.kind().label, row.callSid(),
						ex.toString());
			}
		}
	}

	private void run() {
		try {
			while (true) {
				this.lock.lock();
				try {
					while (this.queue.isEmpty() && this.state == State.RUNNING) {
						this.notEmpty.await();
					}
					if (this.queue.isEmpty()) {
						return; // stopping, and everything is written
					}
				}
				finally {
					this.lock.unlock();
				}
				this.writing.lock();
				try {
					writeBatch();
				}
				finally {
					this.writing.unlock();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		this.lock.lock();
		try {
			if (this.state == State.RUNNING) {
				return;
			}
			this.state = State.RUNNING;
		}
		finally {
			this.lock.unlock();
		}
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setQueueCapacity(0);
		executor.setThreadNamePrefix("journal-");
		// shutdown() must not interrupt a writer still in a transaction (stop() timed out): it finishes, and
		// destroy() writes the rest after it
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.initialize();
		this.executor = executor;
		this.writer = executor.submitCompletable(this::run);
	}

	/**
	 * Lets the writer drain the queue, at most {@code shutdown-timeout}, and logs how many rows that was; rows
	 * published after this are written by their producers. Whatever the writer has not written by then is written
	 * by {@link #destroy()}, before the DataSource closes.
	 */
	@Override
	public void stop() {
		long began = System.nanoTime();
		long storedBefore = this.rowsStored.get();
		int queuedAtStop;
		this.lock.lock();
		try {
			if (this.state != State.RUNNING) {
				return;
			}
			this.state = State.STOPPING;
			queuedAtStop = this.queue.size();
			this.notEmpty.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		boolean drained = awaitWriter(this.settings.shutdownTimeout().toNanos());
		int left;
		this.lock.lock();
		try {
			this.state = State.STOPPED;
			left = this.queue.size();
			this.notFull.signalAll();
			this.notEmpty.signalAll();
			this.written.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		this.executor.shutdown();
		long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
		if (drained && left == 0) {
			log.info("[journal] shutdown: {} queued row(s) flushed ({} written while stopping) in {} ms", queuedAtStop,
					this.rowsStored.get() - storedBefore, tookMs);
		}
		else {
			log.warn("[journal] shutdown: {} row(s) still queued after {} ms ({} written); they are written before the "
					+ "database closes", left, tookMs, this.rowsStored.get() - storedBefore);
		}
	}

	private boolean awaitWriter(long nanos) {
		try {
			this.writer.get(nanos, TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			log.error("[journal] writer failed: {}", ex.getCause().toString());
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Before the DataSource closes (this bean depends on it): writes what the writer left, bounded, and names every
	 * call whose rows could not be written.
	 */
	@Override
	public void destroy() {
		stop();
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		int written = 0;
		try {
			while (System.nanoTime() < deadline) {
				if (!this.writing.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
					break;
				}
				int n;
				try {
					n = writeBatch();
				}
				finally {
					this.writing.unlock();
				}
				if (n == 0) {
					break;
				}
				written += n;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (written > 0) {
			log.info("[journal] {} row(s) written at close", written);
		}
		Map<String, Integer> lost = new LinkedHashMap<>();
		this.lock.lock();
		try {
			for (Row row : this.queue) {
				lost.merge(row.callSid() + " " + row.kind().label, 1, Integer::sum);
			}
		}
		finally {
			this.lock.unlock();
		}
		if (!lost.isEmpty()) {
			log.error("[journal] rows NOT stored, the database did not take them before it closed: {}", lost);
		}
	}

	@Override
	public boolean isRunning() {
		this.lock.lock();
		try {
			return this.state == State.RUNNING;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
