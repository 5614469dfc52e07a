package com.talkhint.ui;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** {@link Browser} fails loudly, with the install command, when Chromium or its driver is missing. */
class BrowserTests {

	@Test
	void missingBinaryFailsWithTheInstallCommand() {
		assertThatIllegalStateException()
			.isThrownBy(() -> Browser.requireExecutable(Path.of("/usr/bin/no-such-chromium-driver")))
			.withMessageContaining("/usr/bin/no-such-chromium-driver is missing")
			.withMessageContaining("apt-get install -y chromium chromium-driver");
	}

	@Test
	void debianChromiumAndDriverArePresent() {
		assertThatNoException().isThrownBy(() -> {
			Browser.requireExecutable(Browser.CHROMIUM);
			Browser.requireExecutable(Browser.CHROMEDRIVER);
		});
	}

}
