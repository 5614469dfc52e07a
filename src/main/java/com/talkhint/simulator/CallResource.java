package com.talkhint.simulator;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Twilio's Call resource JSON (snake_case, dates in RFC 2822, numbers as strings) as the Twilio SDK's
 * {@code Call} class parses it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CallResource(String sid, @JsonProperty("date_created") String dateCreated,
		@JsonProperty("date_updated") String dateUpdated, @JsonProperty("parent_call_sid") String parentCallSid,
		@JsonProperty("account_sid") String accountSid, String to, @JsonProperty("to_formatted") String toFormatted,
		String from, @JsonProperty("from_formatted") String fromFormatted,
		@JsonProperty("phone_number_sid") String phoneNumberSid, String status,
		@JsonProperty("start_time") String startTime, @JsonProperty("end_time") String endTime, String duration,
		String price, @JsonProperty("price_unit") String priceUnit, String direction,
		@JsonProperty("answered_by") String answeredBy, @JsonProperty("api_version") String apiVersion,
		@JsonProperty("forwarded_from") String forwardedFrom, @JsonProperty("group_sid") String groupSid,
		@JsonProperty("caller_name") String callerName, @JsonProperty("queue_time") String queueTime,
		@JsonProperty("trunk_sid") String trunkSid, String uri,
		@JsonProperty("subresource_uris") Map<String, String> subresourceUris) {
}
