package com.teesql.jdbc.attestation.ita;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointsTests {

	private static final URI CONFIGURED = URI.create("https://portal.trustauthority.intel.com/certs");

	@ParameterizedTest
	@ValueSource(strings = { "https://portal.trustauthority.intel.com/certs",
			"https://portal.trustauthority.intel.com/certs/", "HTTPS://Portal.TrustAuthority.Intel.com/certs",
			"https://portal.trustauthority.intel.com:443/certs" })
	void jkuNamingTheConfiguredJwksIsTheSameEndpoint(String jku) {
		assertThat(Endpoints.sameEndpoint(CONFIGURED, URI.create(jku))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://attacker.example.com/certs", "http://portal.trustauthority.intel.com/certs",
			"https://portal.trustauthority.intel.com:8443/certs", "https://portal.trustauthority.intel.com/CERTS",
			"https://portal.trustauthority.intel.com/certs/other",
			"https://portal.trustauthority.intel.com/certs?redirect=https://attacker.example.com",
			"https://portal.trustauthority.intel.com.attacker.example.com/certs",
			"https://user@portal.trustauthority.intel.com/certs", "https://portal.trustauthority.intel.com/certs#x",
			"/certs", "portal.trustauthority.intel.com/certs" })
	void anyOtherJkuIsAnotherEndpoint(String jku) {
		assertThat(Endpoints.sameEndpoint(CONFIGURED, URI.create(jku))).isFalse();
	}

	@Test
	void missingJkuIsNotTheSameEndpoint() {
		assertThat(Endpoints.sameEndpoint(CONFIGURED, null)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "[::1]" })
	void loopbackHosts(String host) {
		assertThat(Endpoints.isLoopback(host)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost.example.com", "127.0.0.1.nip.io", "128.0.0.1", "127.0.0.256", "10.0.0.1",
			"[::2]", "api.trustauthority.intel.com" })
	void otherHostsAreNotLoopback(String host) {
		assertThat(Endpoints.isLoopback(host)).isFalse();
	}

}
