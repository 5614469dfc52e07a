package com.talkhint.transcription;

import java.util.List;

/**
 * A snapshot of live transcription for the core to poll (diagnostics) and for metrics.
 *
 * @param openStreams media streams being transcribed
 * @param liveRecognizers native recognisers allocated (returns to 0 when every stream is closed)
 * @param tracks per-track figures of the open streams
 * @param droppedFramesTotal frames dropped since start, closed streams included
 */
public record TranscriptionStats(int openStreams, int liveRecognizers, List<TrackStats> tracks,
		long droppedFramesTotal) {

	/** The worst lag over all open tracks, in ms. */
	public long maxLagMs() {
		return this.tracks.stream().mapToLong(TrackStats::lagMs).max().orElse(0);
	}

}
