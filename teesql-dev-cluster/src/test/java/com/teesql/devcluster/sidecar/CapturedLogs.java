package com.teesql.devcluster.sidecar;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures the log events of the dev-cluster packages with logback, so tests can assert the operator-facing texts
 * and that no secret is ever logged.
 */
final class CapturedLogs implements AutoCloseable {

	private final Logger logger = (Logger) LoggerFactory.getLogger("com.teesql.devcluster");

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Level previousLevel;

	CapturedLogs() {
		this.previousLevel = this.logger.getLevel();
		this.logger.setLevel(Level.TRACE);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	List<ILoggingEvent> events() {
		synchronized (this.appender.list) {
			return new ArrayList<>(this.appender.list);
		}
	}

	List<ILoggingEvent> withMessage(String message) {
		return events().stream().filter((event) -> message.equals(event.getFormattedMessage())).toList();
	}

	/** Every message, argument, key/value and throwable text, for "never logged" assertions. */
	String everything() {
		return events().stream().map(CapturedLogs::render).collect(Collectors.joining("\n"));
	}

	static String keyValue(ILoggingEvent event, String key) {
		if (event.getKeyValuePairs() == null) {
			return null;
		}
		return event.getKeyValuePairs()
			.stream()
			.filter((pair) -> key.equals(pair.key))
			.map((pair) -> String.valueOf(pair.value))
			.findFirst()
			.orElse(null);
	}

	private static String render(ILoggingEvent event) {
		StringBuilder text = new StringBuilder(event.getFormattedMessage());
		if (event.getKeyValuePairs() != null) {
			event.getKeyValuePairs().forEach((pair) -> text.append(' ').append(pair.key).append('=').append(pair.value));
		}
		if (event.getThrowableProxy() != null) {
			text.append(' ').append(event.getThrowableProxy().getMessage());
		}
		return text.toString();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.logger.setLevel(this.previousLevel);
	}

}
