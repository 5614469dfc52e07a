package com.talkhint;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** TalkHint: a live call copilot that streams Twilio calls into per-speaker transcripts and hints. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TalkHintApplication {

	public static void main(String[] args) {
		SpringApplication.run(TalkHintApplication.class, args);
	}

}
