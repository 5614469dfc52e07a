package com.talkhint.call;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.talkhint.transcription.NodeLoad;
import com.talkhint.transcription.TranscriptionPipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Refuses a new call this node cannot transcribe in real time: {@code /start-call} answers 503 with the node's
 * measured load and capacity, and in the Redis deployment names a node that has room (every node publishes its
 * load in the hash {@code <channel>:nodes}, field = its node id, every {@value #PUBLISH_SECONDS} s, off any request
 * or recognition thread; entries older than three periods are a node that stopped). The last of the overload steps; calls already running are never cut.
 */
@Component
public class CallAdmission {

	static final long PUBLISH_SECONDS = 2;

	/**
	 * The longest a call placed right after a start waits for the node's warm-up ({@link WarmUp}: seconds on a
	 * small machine); past it the call goes ahead on a node that is still warming up.
	 */
	static final Duration WARM_UP_WAIT = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(CallAdmission.class);

	private final TranscriptionPipeline pipeline;

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final Clock clock;

	private final String nodeId;

	private final String publicUrl;

	private final String prefix;

	private final Counter refused;

	private final ThreadPoolTaskScheduler publisher;

	private final List<WarmUp> warmUps;

	CallAdmission(ObjectProvider<TranscriptionPipeline> pipeline, ObjectProvider<StringRedisTemplate> redis,
			ObjectProvider<WarmUp> warmUps, JsonMapper json, Clock clock, MeterRegistry meters,
			@Value("${talkhint.node-id:node}") String nodeId,
			@Value("${talkhint.public-base-url:}") String publicUrl,
			@Value("${talkhint.events.bus:local}") String bus,
			@Value("${talkhint.events.redis-channel:talkhint:events}") String channel) {
		this.pipeline = pipeline.getIfAvailable();
		this.warmUps = warmUps.orderedStream().toList();
		this.redis = "redis".equals(bus) ? redis.getIfAvailable() : null;
		this.json = json;
		this.clock = clock;
		this.nodeId = nodeId;
		this.publicUrl = publicUrl;
		this.prefix = channel + ":nodes";
		this.refused = Counter.builder("talkhint.calls.refused")
			.description("Calls /start-call refused because this node had no transcription capacity left")
			.register(meters);
		if (this.redis != null && this.pipeline != null) {
			this.publisher = new ThreadPoolTaskScheduler();
			this.publisher.setThreadNamePrefix("node-load-");
			this.publisher.setDaemon(true);
			this.publisher.initialize();
			this.publisher.scheduleAtFixedRate(this::publish, Duration.ofSeconds(PUBLISH_SECONDS));
		}
		else {
			this.publisher = null;
		}
	}

	@PreDestroy
	void stop() {
		if (this.publisher != null) {
			this.publisher.shutdown();
			try {
				this.redis.opsForHash().delete(this.prefix, this.nodeId);
			}
			catch (RuntimeException ex) {
				log.debug("node load not removed from Redis", ex);
			}
		}
	}

	/**
	 * Throws the 503 when this node must not take one more call. Right after a start it first waits (at most
	 * {@link #WARM_UP_WAIT}) for the node's warm-up, so the first call does not start behind real time.
	 */
	public void check() {
		awaitWarmUp();
		if (this.pipeline == null) {
			return;
		}
		String refusal = this.pipeline.governor().refusal();
		if (refusal == null) {
			return;
		}
		NodeLoad load = this.pipeline.governor().snapshot();
		this.refused.increment();
		Map<String, Object> extra = new LinkedHashMap<>();
		extra.put("node", this.nodeId);
		extra.put("capacity", capacity(load));
		Optional<Map<String, Object>> elsewhere = nodeWithRoom();
		elsewhere.ifPresent((node) -> extra.put("nodeWithRoom", node));
		String message = "This node cannot take another call now: " + refusal + ". Measured: " + load.describe()
				+ ". Calls already running keep all their audio. "
				+ elsewhere.map((node) -> "Node " + node.get("node") + ((node.get("url") != null) ? " (" + node.get("url")
						+ ")" : "") + " has room for " + node.get("room") + " more.")
					.orElse((this.redis != null) ? "No other node has room either; try again in a minute."
							: "Try again in a minute.");
		log.warn("[calls] /start-call refused: {} ({})", refusal, load.describe());
		throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, message, extra);
	}

	private void awaitWarmUp() {
		long deadline = System.nanoTime() + WARM_UP_WAIT.toNanos();
		for (WarmUp work : this.warmUps) {
			CompletableFuture<?> done = work.done().get();
			if (done.isDone()) {
				continue;
			}
			long started = System.nanoTime();
			try {
				done.get(Math.max(0, deadline - started), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				log.warn("[calls] /start-call goes ahead before the {} is over (waited {} s): the call may start behind "
						+ "real time", work.what(), WARM_UP_WAIT.toSeconds());
				return;
			}
			catch (ExecutionException ex) {
				// the work failed, and is over: nothing left to wait for (it logged why)
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			log.info("[calls] /start-call waited {} ms for the {} (the node had just started)",
					(System.nanoTime() - started) / 1_000_000, work.what());
		}
	}

	private Map<String, Object> capacity(NodeLoad load) {
		Map<String, Object> capacity = new LinkedHashMap<>();
		capacity.put("activeCalls", load.openStreams());
		capacity.put("maxCalls", (load.capacity() >= 0) ? load.capacity() : null);
		capacity.put("cpuPerCallSecond", Double.isNaN(load.cpuPerCallSecond()) ? null : load.cpuPerCallSecond());
		capacity.put("lagMs", load.maxLagMs());
		capacity.put("cores", load.cores());
		capacity.put("level", load.level().wireName());
		return capacity;
	}

	/** Publishes this node's load for the others (Redis deployment), stamped so a dead node drops out. */
	private void publish() {
		try {
			NodeLoad load = this.pipeline.governor().snapshot();
			Map<String, Object> entry = new LinkedHashMap<>(capacity(load));
			entry.put("node", this.nodeId);
			entry.put("url", this.publicUrl.isBlank() ? null : this.publicUrl);
			entry.put("refusing", this.pipeline.governor().refusal() != null);
			entry.put("at", this.clock.instant().toString());
			this.redis.opsForHash().put(this.prefix, this.nodeId, this.json.writeValueAsString(entry));
		}
		catch (RuntimeException ex) {
			log.debug("node load not published", ex);
		}
	}

	/** The other node with the most room, from what the nodes published. */
	private Optional<Map<String, Object>> nodeWithRoom() {
		if (this.redis == null) {
			return Optional.empty();
		}
		try {
			List<Map<String, Object>> candidates = new ArrayList<>();
			java.time.Instant fresh = this.clock.instant().minusSeconds(3 * PUBLISH_SECONDS);
			for (Map.Entry<Object, Object> published : this.redis.opsForHash().entries(this.prefix).entrySet()) {
				if (this.nodeId.equals(published.getKey())) {
					continue;
				}
				JsonNode node = this.json.readTree(String.valueOf(published.getValue()));
				if (java.time.Instant.parse(node.path("at").asString("1970-01-01T00:00:00Z")).isBefore(fresh)) {
					continue;
				}
				int max = node.path("maxCalls").asInt(-1);
				int active = node.path("activeCalls").asInt(0);
				if (node.path("refusing").asBoolean(false) || max < 0 || active >= max) {
					continue;
				}
				Map<String, Object> candidate = new LinkedHashMap<>();
				candidate.put("node", node.path("node").asString(""));
				candidate.put("url", node.path("url").isNull() ? null : node.path("url").asString(null));
				candidate.put("room", max - active);
				candidates.add(candidate);
			}
			return candidates.stream().max(Comparator.comparingInt((c) -> (Integer) c.get("room")));
		}
		catch (RuntimeException ex) {
			log.warn("[calls] could not read the other nodes' load from Redis: {}", ex.toString());
			return Optional.empty();
		}
	}

}
