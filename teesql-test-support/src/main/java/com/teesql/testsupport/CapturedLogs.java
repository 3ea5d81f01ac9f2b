package com.teesql.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures, with logback, everything one logger and its children log (down to TRACE while captured), so tests can
 * assert the operator-facing texts and that no secret is ever logged. {@link #close()} restores the logger.
 */
public final class CapturedLogs implements AutoCloseable {

	private final Logger logger;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Level previousLevel;

	/**
	 * Captures the logger of a class (and its children).
	 * @param source the class
	 */
	public CapturedLogs(Class<?> source) {
		this(source.getName());
	}

	/**
	 * Captures a logger (and its children), a package's say.
	 * @param name the logger name
	 */
	public CapturedLogs(String name) {
		this.logger = (Logger) LoggerFactory.getLogger(name);
		this.previousLevel = this.logger.getLevel();
		this.logger.setLevel(Level.TRACE);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * Every event so far, in order.
	 * @return the events
	 */
	public List<ILoggingEvent> events() {
		synchronized (this.appender.list) {
			return new ArrayList<>(this.appender.list);
		}
	}

	/**
	 * The formatted messages logged at the given level, in order.
	 * @param level the level
	 * @return the messages
	 */
	public List<String> messages(Level level) {
		return events().stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	/**
	 * The events whose formatted message is exactly this one.
	 * @param message the message
	 * @return the events
	 */
	public List<ILoggingEvent> withMessage(String message) {
		return events().stream().filter((event) -> message.equals(event.getFormattedMessage())).toList();
	}

	/**
	 * Every message, argument, key/value and throwable text, for "never logged" assertions.
	 * @return the text, one event a line
	 */
	public String everything() {
		return events().stream().map(CapturedLogs::render).collect(Collectors.joining("\n"));
	}

	/**
	 * The value of one key/value pair of an event.
	 * @param event the event
	 * @param key the key
	 * @return the value as text, or {@code null} if the event has no such pair
	 */
	public static String keyValue(ILoggingEvent event, String key) {
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
