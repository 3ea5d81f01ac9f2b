package com.teesql.jdbc.tls;

import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.errors.CertChainVerificationException;
import com.teesql.jdbc.errors.IdentityNotPinnedException;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.support.GuestAgentFixture;
import com.teesql.jdbc.support.TestKeys;
import com.teesql.jdbc.support.TlsTestServer;
import com.teesql.jdbc.support.TlsTestServer.Mode;
import com.teesql.testsupport.CapturedLogs;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A connector refuses to start unless it knows which deployment it may trust (app-id, compose-hash or KMS root), or is
 * told explicitly that any identity will do. The server presents the self-signed vector certificate, a genuine-format
 * RA-TLS certificate that any TD could present: only the pin tells the connector whether it is the expected one.
 */
class IdentityRequirementTests {

	@TempDir
	Path temp;

	private GuestAgentFixture guestAgent;

	private TlsTestServer server;

	private CapturedLogs logs;

	@BeforeEach
	void start() throws Exception {
		this.guestAgent = GuestAgentFixture.start(this.temp);
		this.server = TlsTestServer.start(TestKeys.derivedVectorKey(), RaTlsConnectorTests.BOUND, Mode.DIRECT);
		this.logs = new CapturedLogs(IdentityRequirement.class);
	}

	@AfterEach
	void stop() throws Exception {
		this.logs.close();
		this.server.close();
		this.guestAgent.close();
	}

	private RaTlsConnectorConfig.Builder config() throws Exception {
		return RaTlsConnectorConfig.builder("127.0.0.1", this.server.port())
			.dstackEndpoint(this.guestAgent.endpoint())
			.verifier(VerifierKind.NONE);
	}

	@Test
	void connectorWithoutIdentityPinRefusesToStart() throws Exception {
		RaTlsConnectorConfig config = config().build();
		assertThat(config.requireIdentity()).isTrue();
		assertThat(config.identityPinned()).isFalse();
		assertThatExceptionOfType(IdentityNotPinnedException.class).isThrownBy(() -> new RaTlsConnector(config))
			.isInstanceOf(TeeSqlException.class)
			.withMessage("No identity pin for the TeeSQL cluster at 127.0.0.1:" + this.server.port()
					+ ": any genuine TDX machine would be trusted with the cluster secret. Set "
					+ "teesql.attestation.allowed-app-id, teesql.attestation.allowed-compose-hash or "
					+ "teesql.attestation.kms-root-ca, or teesql.attestation.require-identity=false to accept any "
					+ "identity knowingly.")
			.satisfies((ex) -> {
				assertThat(ex.target()).isEqualTo("127.0.0.1:" + this.server.port());
				assertThat(ex.measurementsOnly()).isFalse();
			});
		// Refused before any I/O: no client certificate was even asked for.
		assertThat(this.guestAgent.server().requests()).isEmpty();
	}

	@Test
	void measurementsAloneAreNotAnIdentityPin() throws Exception {
		AttestationPolicy measurements = AttestationPolicy.builder()
			.allowedMrtd(TestVectors.json("parsed_values.json")
				.get("versioned_attestation_v0.bin").get("quote").get("mr_td").asText())
			.allowedRtmrs(0, List.of("aa".repeat(48)))
			.build();
		RaTlsConnectorConfig config = config().policy(measurements).build();
		assertThat(config.identityPinned()).isFalse();
		assertThatExceptionOfType(IdentityNotPinnedException.class).isThrownBy(() -> new RaTlsConnector(config))
			.withMessageContaining("teesql.attestation.kms-root-ca (allowed-mrtd and allowed-rtmr0..3 identify an "
					+ "image anyone can deploy, not your cluster), or teesql.attestation.require-identity=false")
			.satisfies((ex) -> assertThat(ex.measurementsOnly()).isTrue());
	}

	@Test
	void anAppIdComposeHashOrKmsRootIsAnIdentityPin() throws Exception {
		List<RaTlsConnectorConfig> pinned = List.of(
				config().policy(AttestationPolicy.builder().allowedAppIds(List.of(TestVectors.APP_ID)).build()).build(),
				config().policy(AttestationPolicy.builder().allowedComposeHashes(List.of("cd".repeat(32))).build())
					.build(),
				config().kmsRootCa(TestKeys.selfSigned("kms root").certificate()).build());
		for (RaTlsConnectorConfig config : pinned) {
			assertThat(config.identityPinned()).as(config.toString()).isTrue();
			new RaTlsConnector(config).close();
		}
		assertThat(this.logs.messages(Level.WARN)).isEmpty();
	}

	@Test
	void pinnedConnectorAcceptsItsClusterAndRefusesAnother() throws Exception {
		try (RaTlsConnector connector = new RaTlsConnector(config().kmsRootCa(this.server.certificate()).build());
				Socket socket = connector.connect()) {
			assertThat(connector.lastResult()).isPresent();
		}
		X509Certificate anotherRoot = TestKeys.selfSigned("another cluster's KMS root").certificate();
		try (RaTlsConnector connector = new RaTlsConnector(config().kmsRootCa(anotherRoot).build())) {
			assertThatExceptionOfType(CertChainVerificationException.class).isThrownBy(connector::connect);
			RaTlsConnectorTests.assertNothingSentAfterHandshake(this.server.awaitConnection(1));
		}
	}

	@Test
	void simulatorTargetsNeedNoPin() throws Exception {
		new RaTlsConnector(config().allowSimulator(true).build()).close();
		assertThat(this.logs.messages(Level.WARN)).isEmpty();
	}

	@Test
	void escapeHatchAcceptsAnyIdentityAndWarnsAtEveryStart() throws Exception {
		RaTlsConnectorConfig config = config().requireIdentity(false).build();
		assertThat(config.requireIdentity()).isFalse();
		assertThat(config.toString()).contains("requireIdentity=false");
		try (RaTlsConnector first = new RaTlsConnector(config); Socket socket = first.connect()) {
			assertThat(first.lastResult()).isPresent();
		}
		new RaTlsConnector(config).close();
		String warning = "teesql.attestation.require-identity=false: no identity pin for 127.0.0.1:"
				+ this.server.port() + "; ANY genuine TDX machine is trusted with the cluster secret. Set "
				+ "teesql.attestation.allowed-app-id, teesql.attestation.allowed-compose-hash or "
				+ "teesql.attestation.kms-root-ca to pin your cluster.";
		assertThat(this.logs.messages(Level.WARN)).containsExactly(warning, warning);
	}

}
