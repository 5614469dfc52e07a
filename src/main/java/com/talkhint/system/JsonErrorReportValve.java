package com.talkhint.system;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own error answers (a request it refuses before any servlet sees it, such as an encoded slash in the
 * path, {@code /api/calls/..%2f..}) as the JSON every other TalkHint error is, instead of Tomcat's HTML page with
 * its version.
 */
public class JsonErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"error\":\"" + message(status) + "\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away or the response is already done: nothing more to say.
		}
	}

	static String message(int status) {
		return switch (status) {
			case 400 -> "Bad request: the path or headers are not valid (encoded slashes and backslashes are refused)";
			case 404 -> "Not found";
			case 405 -> "Method not allowed";
			case 413 -> "Request body too large";
			case 414 -> "Request URI too long";
			case 431 -> "Request headers too large";
			default -> (status >= 500) ? "Internal error" : "Request refused (HTTP " + status + ")";
		};
	}

}
