package com.talkhint.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One checklist item's state, live and in the summary.
 *
 * @param id playbook id of the item
 * @param label what the page shows
 * @param done whether it was said
 * @param atMs stream time it was said, {@code null} while open
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChecklistItem(String id, String label, boolean done, Long atMs) {
}
