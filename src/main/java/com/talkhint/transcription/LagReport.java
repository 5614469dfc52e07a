package com.talkhint.transcription;

/**
 * What was measured when a track fell behind real time or caught up again.
 *
 * @param lagMs audio waiting to be recognised now, ms
 * @param worstLagMs the worst lag of the episode, ms
 * @param behindForMs stream time the track spent behind (0 when it has just fallen behind)
 * @param droppedFrames frames dropped on this track so far (only past {@code max-backlog}; normally 0)
 * @param node the node's load at that moment
 * @param episode which time this track fell behind (1, 2, …): the report that it caught up carries the same number
 */
public record LagReport(long lagMs, long worstLagMs, long behindForMs, long droppedFrames, NodeLoad node,
		int episode) {
}
