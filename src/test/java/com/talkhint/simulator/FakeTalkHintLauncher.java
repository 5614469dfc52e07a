package com.talkhint.simulator;

import org.springframework.context.annotation.Import;

/**
 * The primary configuration of simulator tests. Deliberately no stereotype: Spring Boot would add the real
 * TalkHintApplication to a test whose classes are all {@code @TestConfiguration}, while a {@code @Configuration}
 * here would be component-scanned into every full-app test.
 */
@Import(FakeTalkHintApp.class)
final class FakeTalkHintLauncher {

	private FakeTalkHintLauncher() {
	}

}
