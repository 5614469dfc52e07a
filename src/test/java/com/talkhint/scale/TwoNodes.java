package com.talkhint.scale;

import java.util.UUID;

import com.talkhint.testing.FakeTwilioApi;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The scale-out tests' set-up: two TalkHint nodes ({@code postgres} + {@code redis} profiles) on a fresh schema
 * of the machine's PostgreSQL and their own Redis channel, both placing calls through one fake Twilio. Closing
 * stops both nodes and drops the schema.
 */
final class TwoNodes implements AutoCloseable {

	final String schema = "th_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	final FakeTwilioApi twilio;

	final ConfigurableApplicationContext a;

	final ConfigurableApplicationContext b;

	/** @param extra more {@code --name=value} arguments for both nodes */
	TwoNodes(String... extra) throws Exception {
		this.twilio = new FakeTwilioApi();
		String channel = "talkhint:test:" + this.schema;
		ConfigurableApplicationContext first = null;
		try {
			first = TwoNodeTests.start("a", this.schema, channel, this.twilio, extra);
			this.a = first;
			this.b = TwoNodeTests.start("b", this.schema, channel, this.twilio, extra);
		}
		catch (Exception | Error ex) {
			if (first != null) {
				first.close();
			}
			this.twilio.close();
			TwoNodeTests.dropSchema(this.schema);
			throw ex;
		}
	}

	@Override
	public void close() throws Exception {
		try {
			this.b.close();
			this.a.close();
			this.twilio.close();
		}
		finally {
			TwoNodeTests.dropSchema(this.schema);
		}
	}

}
