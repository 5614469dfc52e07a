package com.talkhint.simulator;

import java.util.List;
import java.util.Map;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;

/** Twilio SDK clients pointed at the simulator, the way the app's client is in simulator mode. */
final class SimulatorClients {

	private SimulatorClients() {
	}

	static TwilioRestClient restClient(int port, String accountSid, String authToken) {
		return new TwilioRestClient.Builder(accountSid, authToken)
			.httpClient(new RewritingHttpClient("http://127.0.0.1:" + port + "/simulator"))
			.build();
	}

	/** Sends every SDK request to {@code base} instead of {@code https://api.twilio.com}, unchanged otherwise. */
	private static final class RewritingHttpClient extends NetworkHttpClient {

		private final String base;

		RewritingHttpClient(String base) {
			this.base = base;
		}

		@Override
		public Response makeRequest(Request request) {
			String url = request.constructURL().toString().replaceFirst("^https://api\\.twilio\\.com", this.base);
			Request rewritten = new Request(request.getMethod(), url);
			copy(request.getPostParams(), rewritten::addPostParam);
			copy(request.getHeaderParams(), rewritten::addHeaderParam);
			if (request.getAuthStrategy() != null) {
				rewritten.setAuth(request.getAuthStrategy());
			}
			else if (request.getUsername() != null) {
				rewritten.setAuth(request.getUsername(), request.getPassword());
			}
			return super.makeRequest(rewritten);
		}

		private static void copy(Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
			from.forEach((name, values) -> values.forEach((value) -> to.accept(name, value)));
		}

	}

}
