package com.teesql.jdbc.manifest;

import java.net.InetSocketAddress;

/**
 * Parses a configured DNS server: {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; port 53 by
 * default. Host names are resolved once, here, with the system resolver.
 */
final class DnsServerAddress {

	private static final int DNS_PORT = 53;

	private DnsServerAddress() {
	}

	static InetSocketAddress parse(String value) {
		String text = (value != null) ? value.trim() : "";
		String host = text;
		String port = null;
		if (text.startsWith("[")) {
			int close = text.indexOf(']');
			if (close < 0) {
				throw invalid(value);
			}
			host = text.substring(1, close);
			String rest = text.substring(close + 1);
			if (!rest.isEmpty()) {
				if (!rest.startsWith(":")) {
					throw invalid(value);
				}
				port = rest.substring(1);
			}
		}
		else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
			host = text.substring(0, text.indexOf(':'));
			port = text.substring(text.indexOf(':') + 1);
		}
		if (host.isEmpty()) {
			throw invalid(value);
		}
		int portNumber = DNS_PORT;
		if (port != null) {
			try {
				portNumber = Integer.parseInt(port);
			}
			catch (NumberFormatException ex) {
				throw invalid(value);
			}
			if (portNumber < 1 || portNumber > 65535) {
				throw invalid(value);
			}
		}
		InetSocketAddress address = new InetSocketAddress(host, portNumber);
		if (address.isUnresolved()) {
			throw new IllegalArgumentException("DNS resolver host cannot be resolved: '" + value + "'");
		}
		return address;
	}

	private static IllegalArgumentException invalid(String value) {
		return new IllegalArgumentException(
				"DNS resolver must be host, host:port or [ipv6]:port, got '" + value + "'");
	}

}
