package com.talkhint.call;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start-up, ends the calls a previous run of this node left streaming: a run that was killed or crashed (SIGKILL,
 * out of memory, the host went down) had no shutdown to mark its streaming calls {@code interrupted}, so they would
 * look live for ever (nothing else ends them: their media stream died with that run, Twilio never reconnects a
 * stream, and in simulator mode no status callback ever comes). Each is marked {@code interrupted} with the reason
 * "server restarted" and a {@code call-interrupted} diagnostic ({@link CallService#interruptedByRestart}); its
 * transcript is what the previous run stored. Runs once the context is up, before the node reports itself ready.
 * <p>
 * Only where this process holds the database alone: an embedded H2 file (the default), which H2 locks so no other
 * process can open it, without {@code AUTO_SERVER=TRUE} or {@code FILE_LOCK=NO}. There every streaming call in the
 * file was left by an earlier run, and it is ended at once. With PostgreSQL several nodes share the calls table: a
 * starting node cannot tell a call a dead node left from one a live node is streaming by looking at the call alone,
 * so it leaves such calls to {@link NodeHeartbeat}, which ends them once the run that held the stream has stopped
 * beating (a minute). Calls that had not started streaming are left alone too: with real Twilio the TwiML fetch and the stream may still
 * come to this run. In simulator mode ({@link InProcessTelephony}) they are over as well, the simulated network
 * stopped with the run, and are marked the same way.
 */
@Component
class InterruptedByRestart {

	private static final Logger log = LoggerFactory.getLogger(InterruptedByRestart.class);

	private final CallRepository repository;

	private final CallService calls;

	private final boolean databaseHeldAlone;

	/** The telephone network simulated in this process, or {@code null} with real Twilio. */
	private final InProcessTelephony telephony;

	/** Before the web server takes a request: a stream that started since belongs to this run. */
	private final Instant bootedAt;

	InterruptedByRestart(CallRepository repository, CallService calls, Clock clock,
			ObjectProvider<InProcessTelephony> telephony, @Value("${spring.datasource.url:}") String databaseUrl) {
		this.repository = repository;
		this.calls = calls;
		this.telephony = telephony.getIfAvailable();
		this.databaseHeldAlone = heldAlone(databaseUrl);
		this.bootedAt = clock.instant();
	}

	@EventListener(ApplicationStartedEvent.class)
	void endCallsLeftStreaming() {
		if (!this.databaseHeldAlone) {
			return;
		}
		for (CallRecord call : this.repository.unfinished()) {
			if (call.streamAt() != null && call.streamAt().isBefore(this.bootedAt)) {
				log.warn("[calls] callSid={} was streaming when the previous run stopped without a shutdown (stream "
						+ "started {}): marked interrupted", call.callSid(), call.streamAt());
				this.calls.interruptedByRestart(call.callSid(), call.streamAt());
			}
			else if (call.streamAt() == null && this.telephony != null && call.createdAt().isBefore(this.bootedAt)) {
				log.warn("[calls] callSid={} was still being placed by {} when the previous run stopped (status {}): "
						+ "marked interrupted", call.callSid(), this.telephony.name(), call.status());
				this.calls.placingInterruptedByRestart(call.callSid(), call.status(), this.telephony.name());
			}
		}
	}

	/**
	 * Whether {@code jdbcUrl} is a database no other process can have open: an embedded H2 file (H2 locks it),
	 * not in-memory (a test JVM shares those between contexts), not a server, not opened with a mixed-mode server
	 * or without the file lock.
	 */
	static boolean heldAlone(String jdbcUrl) {
		String url = (jdbcUrl != null) ? jdbcUrl.toLowerCase(Locale.ROOT).replace(" ", "") : "";
		if (!url.startsWith("jdbc:h2:")) {
			return false;
		}
		String name = url.substring("jdbc:h2:".length());
		if (name.startsWith("mem:") || name.startsWith("tcp:") || name.startsWith("ssl:")) {
			return false;
		}
		return !url.contains(";auto_server=true") && !url.contains(";file_lock=no");
	}

}
