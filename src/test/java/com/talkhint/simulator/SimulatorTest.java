package com.talkhint.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The simulator inside {@link FakeTalkHintApp} on a random port, real-time media, with ringing shortened so a
 * call reaches its TwiML in 0.3 s. Test classes sharing it share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = FakeTalkHintLauncher.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "talkhint.simulator.enabled=true", "talkhint.simulator.initiated-after=0ms",
				"talkhint.simulator.ringing-after=100ms", "talkhint.simulator.answered-after=300ms",
				"talkhint.simulator.threads=2",
				// no TalkHint here, so no warm-up for the readiness group that application.yml names
				"management.endpoint.health.group.readiness.include=readinessState" })
@interface SimulatorTest {

}
