package com.talkhint.simulator;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every {@link SimulatorTest} class drives calls with: the server's port, the simulator and the fake app's
 * {@link FakeTalkHintApp.Recorder}, and a {@link CallDriver} over them, made afresh before each test.
 */
abstract class SimulatorTestSupport {

	@LocalServerPort
	int port;

	@Autowired
	TwilioSimulator simulator;

	@Autowired
	FakeTalkHintApp.Recorder recorder;

	CallDriver driver;

	@BeforeEach
	void driver() {
		this.driver = new CallDriver(this.simulator, this.recorder, this.port);
	}

}
