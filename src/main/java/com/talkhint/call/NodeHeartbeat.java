package com.talkhint.call;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends the calls a node left streaming when it died without a shutdown (SIGKILL, out of memory, the host lost), on
 * every database, PostgreSQL shared by several nodes included. Each run of a node registers itself in
 * {@code node_runs} and beats every {@code talkhint.node-heartbeat.interval} (10 s), by the database's clock (the
 * one clock all nodes share); a call's row names the run that holds its stream ({@link NodeRun}). On each beat a
 * node looks for open calls whose stream's run has not beaten for {@code talkhint.node-heartbeat.stale-after}
 * (60 s), or whose run's row is gone, claims each in the database (one node wins) and marks it {@code interrupted}
 * with a {@code call-interrupted} diagnostic naming the node and when it was last seen
 * ({@link CallService#interruptedByStoppedNode}). A clean stop ends its own streaming calls first (the media
 * socket's shutdown) and then removes its row.
 * <p>
 * Starts before the web server takes a stream and stops after the media socket's shutdown, before the journal; the
 * beats run on Spring's scheduler, never on a request, socket or recognition thread.
 */
@Component
class NodeHeartbeat implements SmartLifecycle {

	/** After the journal starts, before the web server; stops after the media socket's flush, before the journal. */
	static final int PHASE = CallJournal.PHASE + 1000;

	/** Rows of runs not seen for this long are deleted (the calls they held were ended long before). */
	static final Duration FORGET_RUNS_AFTER = Duration.ofDays(1);

	private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

	private final CallRepository repository;

	private final CallService calls;

	private final NodeRun run;

	private final Duration interval;

	private final Duration staleAfter;

	private volatile boolean running;

	/** Whether the last beat failed: a failing database is logged when it starts and when it ends, not every beat. */
	private boolean failing;

	NodeHeartbeat(CallRepository repository, CallService calls, NodeRun run,
			@Value("${talkhint.node-heartbeat.interval:10s}") Duration interval,
			@Value("${talkhint.node-heartbeat.stale-after:60s}") Duration staleAfter) {
		if (interval.isNegative() || interval.isZero() || staleAfter.compareTo(interval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("talkhint.node-heartbeat: the interval must be positive and stale-after "
					+ "at least twice the interval (a node is taken for dead only after missing beats), got interval="
					+ interval + " stale-after=" + staleAfter);
		}
		this.repository = repository;
		this.calls = calls;
		this.run = run;
		this.interval = interval;
		this.staleAfter = staleAfter;
	}

	@Override
	public void start() {
		this.repository.runStarted(this.run);
		log.info("[calls] node {} started: heartbeat every {} s, other nodes' calls ended after {} s without one",
				this.run, this.interval.toSeconds(), this.staleAfter.toSeconds());
		this.running = true;
	}

	/**
	 * On Spring's scheduler, like the other periodic work: a beat between {@link #start} and {@link #stop} only
	 * (synchronized with stop, so a beat in flight cannot register the run again after its row was removed).
	 */
	@Scheduled(fixedDelayString = "${talkhint.node-heartbeat.interval:10s}",
			initialDelayString = "${talkhint.node-heartbeat.interval:10s}")
	synchronized void beatWhileRunning() {
		if (this.running) {
			beat();
		}
	}

	/** One beat: this run is alive; the calls of runs that stopped beating are ended. */
	void beat() {
		try {
			if (!this.repository.heartbeat(this.run)) {
				log.warn("[calls] node {} was taken for stopped (its heartbeat row was gone): registered again", this.run);
				this.repository.runStarted(this.run);
			}
			endOrphanedStreams();
			if (this.failing) {
				log.info("[calls] node heartbeat: the database answers again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				log.warn("[calls] node heartbeat failed (retried every {} s): {}", this.interval.toSeconds(),
						ex.toString());
				this.failing = true;
			}
		}
	}

	private void endOrphanedStreams() {
		for (CallRepository.OrphanedStream orphan : this.repository.orphanedStreams(this.run, this.staleAfter)) {
			if (this.repository.claimOrphanedStream(orphan)) {
				log.warn("[calls] callSid={} was streaming on node {} (run {}), not seen alive since {}: marked "
						+ "interrupted", orphan.callSid(), orphan.nodeId(), orphan.runId(), orphan.lastSeen());
				this.calls.interruptedByStoppedNode(orphan.callSid(), orphan.streamAt(), orphan.nodeId(),
						orphan.lastSeen());
			}
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		try {
			this.repository.runStopped(this.run, FORGET_RUNS_AFTER);
		}
		catch (RuntimeException ex) {
			log.warn("[calls] node {} not unregistered (other nodes will take it for stopped after {} s): {}", this.run,
					this.staleAfter.toSeconds(), ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
