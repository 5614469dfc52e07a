package com.talkhint.call;

import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This process as the calls table knows it: the node it is ({@code talkhint.node-id}) and this run of it, a new id
 * every start. A call's row names the run that holds its media stream ({@code stream_run}), so when a run dies
 * without a shutdown the calls it left streaming can be told from those of the nodes still alive
 * ({@link NodeHeartbeat}).
 */
@Component
public class NodeRun {

	private final String nodeId;

	private final String runId = UUID.randomUUID().toString();

	public NodeRun(@Value("${talkhint.node-id:node}") String nodeId) {
		this.nodeId = nodeId;
	}

	public String nodeId() {
		return this.nodeId;
	}

	public String runId() {
		return this.runId;
	}

	@Override
	public String toString() {
		return this.nodeId + " (run " + this.runId + ")";
	}

}
