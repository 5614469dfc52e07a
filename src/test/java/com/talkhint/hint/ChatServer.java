package com.talkhint.hint;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a free local port for tests: records every request and answers with whatever the
 * test's responder returns. A responder may block on {@link #release} to play a slow server.
 */
final class ChatServer implements AutoCloseable {

	/** What a request looked like. */
	record Request(String method, String path, String authorization, String contentType, String body) {
	}

	/** What to answer. */
	record Response(int status, String body) {
	}

	interface Responder {

		Response answer(Request request) throws Exception;

	}

	final List<Request> requests = new CopyOnWriteArrayList<>();

	final CountDownLatch release = new CountDownLatch(1);

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	ChatServer(Responder responder) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", exchange -> handle(exchange, responder));
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Blocks the calling handler until the test is over (bounded, so a forgotten release cannot hang). */
	void stall() throws InterruptedException {
		this.release.await(30, TimeUnit.SECONDS);
	}

	private void handle(HttpExchange exchange, Responder responder) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("Authorization"),
					exchange.getRequestHeaders().getFirst("Content-Type"),
					new String(in.readAllBytes(), StandardCharsets.UTF_8));
			this.requests.add(request);
			Response response;
			try {
				response = responder.answer(request);
			}
			catch (Exception ex) {
				response = new Response(500, "{\"error\":\"" + ex + "\"}");
			}
			byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(response.status(), body.length);
			exchange.getResponseBody().write(body);
		}
		catch (IOException ex) {
			// the client gave up (deadline): nothing to answer
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.release.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
