package com.talkhint.system;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.talkhint.audio.AudioPipeline;
import com.talkhint.call.CallService;
import com.talkhint.live.UiEventsHandler;
import com.talkhint.twilio.MediaStreamHandler;
import com.talkhint.twilio.MediaStreamWebSocket;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The two raw WebSocket endpoints: {@code /twilio/stream} (Twilio Media Streams, signed handshake, any
 * origin: Twilio sends none) and {@code /ui/events} (the browser's live feed).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

	private final MediaStreamHandler mediaStreamHandler;

	private final MediaStreamWebSocket mediaStreamWebSocket;

	private final UiEventsHandler uiEventsHandler;

	WebSocketConfiguration(MediaStreamHandler mediaStreamHandler, MediaStreamWebSocket mediaStreamWebSocket,
			UiEventsHandler uiEventsHandler) {
		this.mediaStreamHandler = mediaStreamHandler;
		this.mediaStreamWebSocket = mediaStreamWebSocket;
		this.uiEventsHandler = uiEventsHandler;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(this.mediaStreamHandler, "/twilio/stream")
			.addInterceptors(this.mediaStreamWebSocket.handshakeInterceptor())
			.setAllowedOrigins("*");
		registry.addHandler(this.uiEventsHandler, "/ui/events")
			.addInterceptors(this.uiEventsHandler.handshakeInterceptor())
			.setAllowedOriginPatterns("*");
	}

	/**
	 * Container limits: a text message larger than this is closed by the container (1009) before it reaches
	 * the handler; the handler's own 64 KiB limit (1008) applies below it.
	 */
	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(128 * 1024);
		container.setMaxBinaryMessageBufferSize(128 * 1024);
		container.setMaxSessionIdleTimeout(120_000L);
		return container;
	}

	/**
	 * @param flushTimeout how long shutdown waits for the transcripts of the calls it cuts off
	 * @param phaseTimeout Spring's bound on each shutdown phase; the flush stays inside it
	 */
	@Bean
	static MediaStreamHandler mediaStreamHandler(JsonMapper json, CallService calls, List<AudioPipeline> pipelines,
			Clock clock, MeterRegistry meters, @Value("${talkhint.shutdown.flush-timeout:10s}") Duration flushTimeout,
			@Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration phaseTimeout) {
		return new MediaStreamHandler(json, calls, pipelines, clock, meters,
				MediaStreamHandler.flushTimeout(flushTimeout, phaseTimeout));
	}

}
