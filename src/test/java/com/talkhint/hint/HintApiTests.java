package com.talkhint.hint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The playbook lab and the feedback API over real HTTP against the whole application (real meaning model, real
 * H2 schema): what a line fires and why not, bad input, the token rule, and feedback that changes the next
 * answer without a restart and can be undone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:hintapi;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.api-token=hint-api-token" })
class HintApiTests {

	private static final String TOKEN = "hint-api-token";

	private static final Duration RETRAIN = Duration.ofSeconds(60);

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aLineFiresByRuleOrByMeaningAndSaysWhatCameClose() throws Exception {
		JsonNode rule = tryLine("Honestly the price is too high for us", "customer");
		assertThat(rule.get("meaning").asText()).isEqualTo("ready");
		JsonNode price = hint(rule, "price-objection");
		assertThat(price).as("price objection fires: %s", rule).isNotNull();
		assertThat(price.get("path").asText()).isEqualTo("rule");
		assertThat(price.get("evidence").asText()).isEqualTo("@price too high");
		assertThat(price.get("score").isNumber()).isTrue();

		// no trigger word at all: the meaning path, with the example it was closest to
		JsonNode meaning = tryLine("that figure would swallow most of what we set aside for tools this year", "customer");
		JsonNode byMeaning = hint(meaning, "price-objection");
		assertThat(byMeaning).as("fired by meaning: %s", meaning).isNotNull();
		assertThat(byMeaning.get("path").asText()).isEqualTo("meaning");
		assertThat(byMeaning.get("score").asDouble()).isBetween(0.0, 1.0);
		assertThat(byMeaning.get("evidence").asText()).isNotBlank();

		JsonNode negated = tryLine("please do not cancel my Thursday session", "customer");
		assertThat(hint(negated, "cancellation-risk")).isNull();
		assertThat(blocked(negated, "cancellation-risk")).as("%s", negated).isNotNull();
		assertThat(blocked(negated, "cancellation-risk").get("reason").asText()).isIn("veto", "negation");

		JsonNode agent = tryLine("Honestly the price is too high for us", "agent");
		assertThat(agent.get("hints")).noneMatch(h -> h.get("id").asText().equals("price-objection"));
		assertThat(blocked(agent, "price-objection").get("reason").asText()).isEqualTo("speaker");
	}

	@Test
	void badInputGetsAClearErrorAndTheTokenIsRequired() throws Exception {
		assertThat(send("POST", "/api/hints/try", "{\"text\":\"hi\"}", null).statusCode()).isEqualTo(401);
		assertError(send("POST", "/api/hints/try", "{\"text\":\"  \"}", TOKEN), "'text' is required");
		assertError(send("POST", "/api/hints/try", "{\"text\":\"hi\",\"speaker\":\"robot\"}", TOKEN), "'speaker'");
		assertError(send("POST", "/api/hints/try", "{\"text\":\"" + "a".repeat(1001) + "\"}", TOKEN), "over 1000");
		assertError(send("POST", "/api/hints/try", "not json", TOKEN), "Malformed");
		assertError(feedback("{\"hintId\":\"no-such-hint\",\"verdict\":\"wrong\",\"text\":\"x\"}"), "Unknown hint id");
		assertError(feedback("{\"hintId\":\"price-objection\",\"verdict\":\"meh\",\"text\":\"x\"}"), "'verdict'");
		assertError(feedback("{\"hintId\":\"price-objection\",\"verdict\":\"missed\",\"text\":\" \"}"), "'text' is required");
		assertError(feedback("{\"hintId\":\"price-objection\",\"verdict\":\"wrong\",\"text\":\"" + "a".repeat(1001) + "\"}"),
				"over 1000");
		assertThat(send("DELETE", "/api/feedback/999999", null, TOKEN).statusCode()).isEqualTo(404);
		assertThat(send("GET", "/api/feedback", null, null).statusCode()).isEqualTo(401);
	}

	@Test
	void wrongAndMissedChangeTheNextAnswerAndUndoTakesThemBack() throws Exception {
		String line = "my accountant will only look at renewals after the holidays, call me on 415 555 0100";
		// missed: the line becomes an example of follow-up-request, from the next try on
		HttpResponse<String> created = feedback("{\"callSid\":\"CA0001\",\"hintId\":\"decision-timeline\","
				+ "\"verdict\":\"missed\",\"text\":\"" + line + "\",\"atMs\":1234}");
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode item = this.json.readTree(created.body());
		assertThat(item.get("verdict").asText()).isEqualTo("missed");
		assertThat(item.get("text").asText()).as("stored redacted").contains("[phone number]").doesNotContain("555");
		assertThat(item.get("callSid").asText()).isEqualTo("CA0001");
		assertThat(item.get("atMs").asLong()).isEqualTo(1234);
		assertThat(item.get("createdAt").asText()).isNotBlank();
		await().atMost(RETRAIN).untilAsserted(() -> {
			JsonNode now = tryLine(line, "customer");
			assertThat(hint(now, "decision-timeline")).as("%s", now).isNotNull();
		});

		// wrong: a line that fires becomes a look-alike and is blocked next time
		String fires = "that figure would swallow most of what we set aside for tools this year";
		HttpResponse<String> wrong = feedback("{\"hintId\":\"price-objection\",\"verdict\":\"wrong\",\"text\":\"" + fires + "\"}");
		assertThat(wrong.statusCode()).isEqualTo(201);
		long wrongId = this.json.readTree(wrong.body()).get("id").asLong();
		await().atMost(RETRAIN).untilAsserted(() -> {
			JsonNode now = tryLine(fires, "customer");
			assertThat(hint(now, "price-objection")).as("%s", now).isNull();
			assertThat(blocked(now, "price-objection").get("reason").asText()).isEqualTo("look-alike");
		});

		JsonNode list = this.json.readTree(send("GET", "/api/feedback?hintId=price-objection", null, TOKEN).body());
		assertThat(list.get(0).get("id").asLong()).isEqualTo(wrongId);
		assertThat(list).allMatch(f -> f.get("hintId").asText().equals("price-objection"));
		String export = send("GET", "/api/playbook/export", null, TOKEN).body();
		assertThat(export).contains("\"" + fires + "\" # from the agent's feedback");
		assertThat(Playbook.parse(export, "export").entry("price-objection").lookAlikes()).contains(fires);

		assertThat(send("DELETE", "/api/feedback/" + wrongId, null, TOKEN).statusCode()).isEqualTo(204);
		await().atMost(RETRAIN).untilAsserted(() -> assertThat(hint(tryLine(fires, "customer"), "price-objection")).isNotNull());
	}

	@Test
	void validationPointsAtTheLine() throws Exception {
		String yaml = send("GET", "/api/playbook", null, TOKEN).body();
		String text = this.json.readTree(yaml).get("yaml").asText();
		JsonNode ok = this.json.readTree(send("POST", "/api/playbook/validate",
				this.json.writeValueAsString(java.util.Map.of("yaml", text)), TOKEN).body());
		assertThat(ok.get("ok").asBoolean()).isTrue();
		String broken = text.replaceFirst("kind: objection", "kind: objektion");
		int line = lineOf(broken, "kind: objektion");
		JsonNode bad = this.json.readTree(send("POST", "/api/playbook/validate",
				this.json.writeValueAsString(java.util.Map.of("yaml", broken)), TOKEN).body());
		assertThat(bad.get("ok").asBoolean()).isFalse();
		assertThat(bad.get("errors").get(0).get("message").asText()).contains("objektion");
		assertThat(bad.get("errors").get(0).get("line").asInt()).isBetween(line - 3, line);
		String trigger = text.replaceFirst("- \"@price too high\"", "- \"@prize too high\"");
		JsonNode group = this.json.readTree(send("POST", "/api/playbook/validate",
				this.json.writeValueAsString(java.util.Map.of("yaml", trigger)), TOKEN).body());
		assertThat(group.get("errors").get(0).get("message").asText()).contains("no group 'prize'");
		assertThat(group.get("errors").get(0).get("line").asInt()).isPositive();
	}

	private static int lineOf(String text, String needle) {
		String[] lines = text.split("\n");
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].contains(needle)) {
				return i + 1;
			}
		}
		return -1;
	}

	private JsonNode tryLine(String text, String speaker) throws Exception {
		HttpResponse<String> r = send("POST", "/api/hints/try",
				this.json.writeValueAsString(java.util.Map.of("text", text, "speaker", speaker)), TOKEN);
		assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
		return this.json.readTree(r.body());
	}

	private static JsonNode hint(JsonNode answer, String id) {
		return find(answer.get("hints"), id);
	}

	private static JsonNode blocked(JsonNode answer, String id) {
		return find(answer.get("blocked"), id);
	}

	private static JsonNode find(JsonNode list, String id) {
		List<JsonNode> out = new ArrayList<>();
		list.forEach(n -> {
			if (n.get("id").asText().equals(id)) {
				out.add(n);
			}
		});
		return out.isEmpty() ? null : out.get(0);
	}

	private HttpResponse<String> feedback(String body) throws Exception {
		return send("POST", "/api/feedback", body, TOKEN);
	}

	private void assertError(HttpResponse<String> response, String message) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(this.json.readTree(response.body()).get("error").asText()).contains(message);
	}

	private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(60));
		if (token != null) {
			b.header("Authorization", "Bearer " + token);
		}
		return this.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

}
