package com.teesql.jdbc.support;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what one logger (and its children) logs, with logback, so tests can assert operator-facing warnings.
 */
public final class CapturedLogs implements AutoCloseable {

	private final Logger logger;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	public CapturedLogs(Class<?> source) {
		this.logger = (Logger) LoggerFactory.getLogger(source);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * The formatted messages logged at the given level, in order.
	 * @param level the level
	 * @return the messages
	 */
	public List<String> messages(Level level) {
		synchronized (this.appender.list) {
			return new ArrayList<>(this.appender.list).stream()
				.filter((event) -> event.getLevel() == level)
				.map(ILoggingEvent::getFormattedMessage)
				.toList();
		}
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
	}

}
