package com.talkhint.call;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work a node does once after it starts so that its calls run at full speed (the recogniser warm-up, the meaning
 * model's load: a few seconds of one core each on a small machine). A call placed meanwhile would share the CPU
 * with it and start behind real time, so {@link CallAdmission} lets it wait (bounded), and the node reports itself
 * not ready until the work is over.
 *
 * @param what as in logs and the health details, e.g. {@code transcription warm-up}
 * @param done the work's completion, asked for each time (the work starts once the application is ready); completes
 * however the work ended, a failed warm-up is over too
 */
public record WarmUp(String what, Supplier<CompletableFuture<?>> done) {

	/** Whether the work is over, however it ended. */
	public boolean finished() {
		return this.done.get().isDone();
	}

}
