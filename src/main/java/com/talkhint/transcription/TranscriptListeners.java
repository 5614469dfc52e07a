package com.talkhint.transcription;

import java.util.List;

/**
 * The transcript listeners in the order a call's delivery thread calls them. The application declares this chain
 * once, in the wiring of the {@code system} package, instead of each listener bean carrying an {@code @Order} in
 * its own package: the pipeline takes the order as given and knows nothing of who listens.
 *
 * @param inOrder first to last
 */
public record TranscriptListeners(List<TranscriptListener> inOrder) {

	public TranscriptListeners {
		inOrder = List.copyOf(inOrder);
	}

}
