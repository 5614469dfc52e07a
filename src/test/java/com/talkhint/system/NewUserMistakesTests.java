package com.talkhint.system;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

import com.talkhint.TalkHintApplication;
import com.talkhint.testing.NodeHealth;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a first-time user hit, each reproduced against the running app (simulator mode, an API token set): every
 * mistake is a JSON error with the right status, nothing is placed, and the user's own number is not given away.
 */
@SpringBootTest(classes = TalkHintApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:new-user;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
				"talkhint.twilio.account-sid=", "talkhint.twilio.auth-token=", "talkhint.public-base-url=",
				"talkhint.api-token=" + NewUserMistakesTests.TOKEN, "talkhint.twilio.agent-phone-number=+15005550199" })
class NewUserMistakesTests {

	static final String TOKEN = "new-user-token-0123456789";

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aLimitThatIsNotANumberIsA400ThatSaysSo() throws Exception {
		HttpResponse<String> response = send(get("/api/calls?limit=abc").header("Authorization", "Bearer " + TOKEN));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(error(response)).contains("limit").contains("whole number").contains("abc");
	}

	@Test
	void aHugeBodyIsRefusedWith413AndPlacesNoCall() throws Exception {
		int before = calls();
		byte[] body = hugeJson(20 * 1024 * 1024);
		HttpResponse<String> declared = send(post("/start-call", "application/json", HttpRequest.BodyPublishers.ofByteArray(body)));
		assertThat(declared.statusCode()).isEqualTo(413);
		assertThat(error(declared)).contains("too large");
		// The same without a Content-Length (chunked): read up to the cap, then refused.
		HttpResponse<String> chunked = send(post("/start-call", "application/json",
				HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(calls()).isEqualTo(before);
		// A normal body still places a call.
		HttpResponse<String> ok = send(post("/start-call", "application/json",
				HttpRequest.BodyPublishers.ofString("{\"to\": \"+14155550161\"}")));
		assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
	}

	@Test
	void thePlaybookEditorMaySendTheWholePlaybookButOtherCallsStayCappedAtOneMegabyte() throws Exception {
		byte[] twoMegabytes = hugeJson(2 * 1024 * 1024); // twice a playbook copied before the training sentences left it
		HttpResponse<String> validate = send(post("/api/playbook/validate", "application/json",
				HttpRequest.BodyPublishers.ofByteArray(twoMegabytes)));
		assertThat(validate.statusCode()).as("past the size check, to the validation: " + validate.body()).isEqualTo(400);
		assertThat(error(validate)).contains("yaml");

		HttpResponse<String> tryLine = send(post("/api/hints/try", "application/json",
				HttpRequest.BodyPublishers.ofByteArray(twoMegabytes)));
		assertThat(tryLine.statusCode()).isEqualTo(413);
		HttpResponse<String> hugePlaybook = send(post("/api/playbook/validate", "application/json",
				HttpRequest.BodyPublishers.ofByteArray(hugeJson(20 * 1024 * 1024))));
		assertThat(hugePlaybook.statusCode()).isEqualTo(413);
		assertThat(error(hugePlaybook)).contains("too large");
	}

	@Test
	void withATokenSetTheUsersNumberAndTheMetricsNeedIt() throws Exception {
		JsonNode open = json.readTree(send(get("/api/config")).body());
		assertThat(open.path("authRequired").asBoolean()).isTrue();
		assertThat(open.path("locked").asBoolean()).isTrue();
		assertThat(open.has("agentNumber")).isFalse();
		assertThat(open.toString()).doesNotContain("+15005550199");
		JsonNode signedIn = json.readTree(send(get("/api/config").header("Authorization", "Bearer " + TOKEN)).body());
		assertThat(signedIn.path("agentNumber").asString()).isEqualTo("+15005550199");
		assertThat(signedIn.path("locked").asBoolean()).isFalse();

		for (String path : new String[] { "/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator" }) {
			assertThat(send(get(path)).statusCode()).as(path).isEqualTo(401);
		}
		assertThat(send(get("/actuator/metrics").header("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
		NodeHealth.assertUp("http://localhost:" + this.port); // open, with a token set too
		assertThat(send(get("/actuator/health/liveness")).statusCode()).isEqualTo(200);
	}

	@Test
	void jsonSentAsPlainTextIsA415ThatSaysWhatToSend() throws Exception {
		int before = calls();
		HttpResponse<String> response = send(post("/start-call", "text/plain",
				HttpRequest.BodyPublishers.ofString("{\"to\": \"+14155550162\"}")));
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(error(response)).contains("text/plain").contains("application/json");
		assertThat(calls()).isEqualTo(before);
	}

	@Test
	void anEncodedSlashInThePathIsAJsonError() throws Exception {
		HttpResponse<String> response = send(get("/api/calls/..%2f..").header("Authorization", "Bearer " + TOKEN));
		assertThat(response.statusCode()).isBetween(400, 404);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying((ct) -> assertThat(ct).startsWith("application/json"));
		assertThat(error(response)).isNotBlank();
		assertThat(response.body()).doesNotContain("<html").doesNotContain("Tomcat");
	}

	private int calls() throws Exception {
		return json.readTree(send(get("/api/calls").header("Authorization", "Bearer " + TOKEN)).body()).size();
	}

	private static byte[] hugeJson(int size) {
		byte[] body = new byte[size];
		Arrays.fill(body, (byte) ' ');
		byte[] head = "{\"to\": \"+14155550160\", \"pad\": \"".getBytes();
		System.arraycopy(head, 0, body, 0, head.length);
		Arrays.fill(body, head.length, size - 2, (byte) 'x');
		body[size - 2] = '"';
		body[size - 1] = '}';
		return body;
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private HttpRequest.Builder post(String path, String contentType, HttpRequest.BodyPublisher body) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", contentType)
			.header("Authorization", "Bearer " + TOKEN)
			.POST(body);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String error(HttpResponse<String> response) {
		return json.readTree(response.body()).path("error").asString();
	}

}
