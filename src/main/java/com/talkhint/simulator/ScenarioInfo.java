package com.talkhint.simulator;

/**
 * A built-in call scenario as listed to users ({@code /api/config}).
 *
 * @param id stable id, the value of {@code scenario} in {@code /start-call}
 * @param title human-readable description
 * @param durationMs length of the conversation
 */
public record ScenarioInfo(String id, String title, long durationMs) {
}
