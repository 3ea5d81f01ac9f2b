package com.teesql.jdbc.dstack;

import java.nio.file.Path;

/**
 * Where the dstack guest agent listens: an HTTP base URL (simulators) or a Unix-domain socket (inside a CVM).
 *
 * @param kind the transport
 * @param value the base URL without trailing {@code /}, or the socket path
 */
public record GuestAgentEndpoint(Kind kind, String value) {

	/**
	 * The transport to the guest agent.
	 */
	public enum Kind {

		/** HTTP over TCP to a base URL. */
		HTTP,

		/** HTTP/1.1 over a Unix-domain socket. */
		UNIX

	}

	/**
	 * Interpret a configured endpoint: {@code http://} or {@code https://} is an HTTP base URL, anything else
	 * (optionally prefixed with {@code unix:}) a socket path.
	 * @param value the configured value
	 * @return the endpoint
	 */
	public static GuestAgentEndpoint of(String value) {
		String trimmed = value.trim();
		if (trimmed.isEmpty()) {
			throw new IllegalArgumentException("dstack guest agent endpoint must not be empty");
		}
		if (trimmed.startsWith("http://") || trimmed.startsWith("https://")) {
			while (trimmed.endsWith("/")) {
				trimmed = trimmed.substring(0, trimmed.length() - 1);
			}
			return new GuestAgentEndpoint(Kind.HTTP, trimmed);
		}
		if (trimmed.startsWith("unix:")) {
			trimmed = trimmed.substring("unix:".length());
			if (trimmed.startsWith("//")) {
				trimmed = trimmed.substring(2);
			}
		}
		return new GuestAgentEndpoint(Kind.UNIX, trimmed);
	}

	/**
	 * The socket path of a {@link Kind#UNIX} endpoint.
	 * @return the path
	 */
	public Path socketPath() {
		if (this.kind != Kind.UNIX) {
			throw new IllegalStateException("not a Unix-domain socket endpoint: " + this);
		}
		return Path.of(this.value);
	}

	@Override
	public String toString() {
		return (this.kind == Kind.UNIX) ? "unix:" + this.value : this.value;
	}

}
