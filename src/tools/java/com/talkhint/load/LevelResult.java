package com.talkhint.load;

import java.util.List;
import java.util.Map;

/**
 * What one load level (N simultaneous calls) measured, and whether TalkHint sustained it in real time. Nullable
 * figures are those this build or setup cannot give (no transcription pipeline yet, no local process id).
 *
 * @param calls N, the simultaneous calls
 * @param seconds wall time of the level
 * @param callsStarted calls placed through {@code /start-call}
 * @param callsCompleted calls that ended normally on both sides (simulator and TalkHint's status)
 * @param failures one line per call that did not (refused, never streamed, no terminal status…)
 * @param cpuCores TalkHint's average CPU over the level, in cores (1.0 = one core busy)
 * @param cpuCoresSteady its average while all N streams were open
 * @param driverCores the driver's own CPU (simulator included) on the same machine
 * @param machineBusyCores the whole machine's busy cores: minus the two above is what other work took
 * @param loadAverage the machine's 1-minute load average at the end of the level
 * @param idleRssMiB TalkHint's resident memory before the level
 * @param rssMaxMiB TalkHint's largest resident memory during the level
 * @param heapMaxMiB largest used heap during the level
 * @param threadsMax most live JVM threads
 * @param finalP50Ms median final-transcript latency (see {@link CallAnalysis})
 * @param finalP95Ms 95th percentile
 * @param finalsMeasured utterances with a final
 * @param utterances utterances streamed in full
 * @param hintP50Ms median hint latency; negative = fired before the utterance ended
 * @param hintP95Ms 95th percentile
 * @param hintsFired expected hints that fired
 * @param hintsExpected expected hints whose utterance was streamed
 * @param framesSent media messages the simulator sent (both tracks)
 * @param framesReceived media messages TalkHint counted ({@code talkhint.media.frames})
 * @param transcriptionDropped frames the transcription pipeline dropped to keep up
 * @param lateTicks 20 ms ticks the simulator sent over one frame period late (generator overload)
 * @param maxLateMs the simulator's worst tick lateness
 * @param maxLagMs worst sampled recognition lag ({@code talkhint.transcription.lag})
 * @param diagnostics TalkHint diagnostics raised during the level, by code
 * @param sustained every limit held (see {@code verdict})
 * @param verdict why it is (or is not) sustained, one reason per line
 * @param samples periodic samples of the TalkHint process
 * @param cpuPerCallSecond TalkHint's CPU seconds over the level per second of call streamed (both tracks)
 * @param refused calls {@code /start-call} refused with 503 (capacity reached)
 * @param staggerMs the slots' starts were this far apart
 * @param finalStages where the finals' time went inside TalkHint, stage by stage ({@link FinalStages}); empty
 * when the build does not say
 */
record LevelResult(int calls, double seconds, int callsStarted, int callsCompleted, List<String> failures,
		Double cpuCores, Double cpuCoresSteady, Double driverCores, Double machineBusyCores, Double loadAverage,
		Double idleRssMiB, Double rssMaxMiB, Double heapMaxMiB, Long threadsMax, Long finalP50Ms, Long finalP95Ms,
		int finalsMeasured, int utterances, Long hintP50Ms, Long hintP95Ms, int hintsFired, int hintsExpected,
		long framesSent, Long framesReceived, Long transcriptionDropped, long lateTicks, long maxLateMs,
		Double maxLagMs, Double realtimeFactor, double uiEventsPerSecond, Map<String, Integer> diagnostics,
		boolean sustained, List<String> verdict,
		List<Sample> samples, Double cpuPerCallSecond, int refused, long staggerMs, String finalStages) {

	/**
	 * One periodic sample of the TalkHint process.
	 *
	 * @param seconds since the level started
	 * @param cpuCores TalkHint's CPU since the previous sample, in cores
	 * @param heapUsedMiB used heap (after a forced GC when the soak asks for it)
	 * @param liveDataMiB the JVM's own live-data estimate after its last collection ({@code jvm.gc.live.data.size})
	 * @param threads live JVM threads
	 * @param rssMiB resident memory (heap, metaspace, threads and native: Vosk) from /proc
	 * @param activeStreams open media sockets ({@code talkhint.streams.active})
	 * @param lagMs worst recognition lag ({@code talkhint.transcription.lag})
	 * @param recognizers native Vosk recognisers alive ({@code talkhint.transcription.recognizers})
	 * @param realtimeFactor recognition CPU seconds per second of audio over open tracks
	 * ({@code talkhint.transcription.realtime.factor})
	 */
	record Sample(double seconds, Double cpuCores, Double heapUsedMiB, Double liveDataMiB, Double threads,
			Double rssMiB, Double activeStreams, Double lagMs, Double recognizers, Double realtimeFactor) {
	}

}
