package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.DevClusterOptions;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.AttestationKnobs.Evidence;
import com.teesql.devcluster.platform.CollateralKnobs;
import com.teesql.devcluster.platform.CollateralSigner;
import com.teesql.jdbc.attestation.dcap.CollateralUnavailableException;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException;
import com.teesql.jdbc.attestation.dcap.TcbStatus;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException;
import com.teesql.jdbc.errors.CertChainVerificationException;
import com.teesql.jdbc.errors.DebugModeException;
import com.teesql.jdbc.errors.HandshakeTimeoutException;
import com.teesql.jdbc.errors.IdentityNotPinnedException;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.errors.RuntimeEventsException;
import com.teesql.jdbc.errors.UpstreamUnreachableException;
import com.teesql.jdbc.errors.MeasurementNotAllowedException;
import com.teesql.jdbc.errors.MissingAttestationExtensionException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.errors.TcbStatusNotAcceptedException;
import com.teesql.jdbc.errors.TlsNegotiationException;
import com.teesql.spring.boot.autoconfigure.support.RunningDevCluster;
import com.teesql.testsupport.Causes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Failure reports for refusals by or of a real TeeSQL node: each test starts a real application against the dev
 * cluster (real sidecar, real PostgreSQL, real DCAP verification against its dev PCS), misconfigured or with the
 * cluster mutated to provoke one documented error, and reads the report Boot prints.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevClusterFailureAnalyzersTests {

	private static final String UNPROVISIONED_ROLE = "teesql_analytics";

	private static final String UNPROVISIONED_ROLE_SECRET = randomSecret();

	private static final byte[] FOREIGN_MRTD = HexFormat.of().parseHex("91a0563f0c" + "5a".repeat(41) + "c3d2");

	@RegisterExtension
	static final RunningDevCluster running = new RunningDevCluster(
			DevClusterOptions.defaults().withExtraRole(UNPROVISIONED_ROLE, UNPROVISIONED_ROLE_SECRET));

	@AfterEach
	void restoreGenuineCluster() {
		cluster().reissueServerCertificate(AttestationKnobs.genuine());
		cluster().setCollateralKnobs(CollateralKnobs.genuine());
	}

	@Test
	void genuineClusterStarts() {
		// The control: the same properties every test starts from connect, so each failure below is the one provoked.
		SpringApplication application = new SpringApplication(ConnectingApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setRegisterShutdownHook(false);
		application.setDefaultProperties(Map.copyOf(properties("teesql_readwrite")));
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.isActive()).isTrue();
		}
	}

	@Test
	void unpinnedIdentityIsRefusedBeforeAnyByteReachesTheCluster(CapturedOutput output) {
		Map<String, Object> properties = properties("teesql_readwrite");
		properties.remove("teesql.attestation.allowed-app-id");
		long accepted = cluster().sidecarStats().connectionsAccepted();
		FailedStartup startup = FailedStartup.run(output, NonConnectingApplication.class, properties);
		assertThat(Causes.find(startup.failure(), IdentityNotPinnedException.class).target()).isEqualTo(sidecar());
		assertThat(startup.description()).startsWith("No identity pin for the TeeSQL cluster at " + sidecar() + ": ");
		assertThat(startup.action()).contains("teesql-cli pin --url postgresql://teesql_readwrite@" + sidecar())
			.contains("Confirm every value with the operator before using it");
		assertThat(cluster().sidecarStats().connectionsAccepted()).isEqualTo(accepted);
		assertNoSecretPrinted(startup);
		// The same application starts once the cluster's app-id is pinned.
		properties.put("teesql.attestation.allowed-app-id", cluster().appId());
		SpringApplication application = new SpringApplication(ConnectingApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setRegisterShutdownHook(false);
		application.setDefaultProperties(Map.copyOf(properties));
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.isActive()).isTrue();
		}
	}

	@Test
	void certificateWithoutAttestationExtension(CapturedOutput output) {
		cluster().reissueServerCertificate(AttestationKnobs.genuine().withRaTlsExtension(false));
		FailedStartup startup = FailedStartup.run(output, properties("teesql_readwrite"));
		Causes.find(startup.failure(), MissingAttestationExtensionException.class);
		assertThat(startup.description()).startsWith("Upstream cert has no TDX attestation extension: the server at "
				+ sidecar() + " presented a normal X.509 certificate without the RA-TLS attestation extension");
		assertThat(startup.action()).contains("set teesql.allow-simulator=true")
			.contains("port 5433, not 5432")
			.doesNotContain("teesql.url uses port 5432");
		assertNoSecretPrinted(startup);
	}

	@Test
	void quoteBoundToAnotherKey(CapturedOutput output) {
		cluster().reissueServerCertificate(AttestationKnobs.genuine().withBindOtherKey(true));
		FailedStartup startup = FailedStartup.run(output, properties("teesql_readwrite"));
		Causes.find(startup.failure(), ReportDataBindingException.class);
		assertThat(startup.description()).startsWith("The RA-TLS certificate of the server at " + sidecar()
				+ " carries a TDX quote that does not bind its own public key");
		assertThat(startup.action()).contains("man-in-the-middle").contains("there is none");
		assertNoSecretPrinted(startup);
	}

	@Test
	void debugTd(CapturedOutput output) {
		cluster().reissueServerCertificate(AttestationKnobs.genuine().withDebug(true));
		FailedStartup startup = FailedStartup.run(output, properties("teesql_readwrite"));
		Causes.find(startup.failure(), DebugModeException.class);
		assertThat(startup.description()).startsWith("TDX TD is in debug mode — connection refused. The database CVM "
				+ "behind the server at " + sidecar() + " runs with the TDX debug attribute set");
		assertThat(startup.action()).contains("redeploy the cluster with debug mode off")
			.contains("Never set teesql.attestation.allow-debug-mode=true in production");
		assertNoSecretPrinted(startup);
	}

	@Test
	void refusalWithoutADedicatedAnalyzerGetsTheGeneralGuidance(CapturedOutput output) {
		// A legacy certificate (raw quote, no runtime events) cannot prove the pinned app-id: a ‡ row of the README.
		cluster().reissueServerCertificate(AttestationKnobs.genuine().withEvidence(Evidence.LEGACY_QUOTE));
		FailedStartup startup = FailedStartup.run(output, properties("teesql_readwrite"));
		RuntimeEventsException refusal = Causes.find(startup.failure(), RuntimeEventsException.class);
		assertThat(refusal).hasMessageStartingWith("teesql.attestation.allowed-app-id is set but the server's "
				+ "certificate carries no app-id");
		assertThat(startup.description()).isEqualTo(refusal.getMessage());
		assertThat(startup.action()).startsWith("Look up this message in the \"Troubleshooting\" section of the "
				+ "teesql-spring-boot README");
		assertNoSecretPrinted(startup);
	}

	@Test
	void outOfDateTcbShowsTheAdvisoriesAndDoesNotSuggestAWorkaround(CapturedOutput output) {
		cluster().setCollateralKnobs(
				CollateralKnobs.genuine().withTcbStatus(TcbStatus.OUT_OF_DATE, "INTEL-SA-00837", "INTEL-SA-00960"));
		FailedStartup startup = FailedStartup.run(output, properties("teesql_readwrite"));
		TcbStatusNotAcceptedException refusal = Causes.find(startup.failure(), TcbStatusNotAcceptedException.class);
		assertThat(refusal.status()).isEqualTo("OutOfDate");
		assertThat(startup.description())
			.startsWith("Unacceptable TCB status: \"OutOfDate\". Acceptable statuses: UpToDate, SWHardeningNeeded.")
			.contains("The platform of the server at " + sidecar())
			.contains("Intel advisories: INTEL-SA-00837, INTEL-SA-00960.");
		assertThat(startup.action()).startsWith("Escalate to the cluster operator")
			.contains("microcode/firmware must be updated")
			.contains("INTEL-SA-00837, INTEL-SA-00960")
			.contains("Do not work around it");
		assertNoSecretPrinted(startup);
	}

	@Test
	void mrtdNotInTheAllowlistNamesTheRefusedValue(CapturedOutput output) {
		cluster().reissueServerCertificate(AttestationKnobs.genuine().withMrTd(FOREIGN_MRTD));
		Map<String, Object> properties = properties("teesql_readwrite");
		properties.put("teesql.attestation.allowed-mrtd", "ab".repeat(48));
		FailedStartup startup = FailedStartup.run(output, properties);
		String foreign = HexFormat.of().formatHex(FOREIGN_MRTD);
		assertThat(Causes.find(startup.failure(), MrtdNotAllowedException.class).mrtd()).isEqualTo(foreign);
		assertThat(startup.description()).startsWith("MRTD \"" + foreign + "\" is not in the allowlist")
			.contains("teesql.attestation.allowed-mrtd");
		assertThat(startup.action()).contains("rolled out a new CVM image (legitimate)")
			.contains("only if it is exactly " + foreign + ", add it to teesql.attestation.allowed-mrtd")
			.contains("different cluster than expected. Stop; do not bypass the check.");
		assertNoSecretPrinted(startup);
	}

	@Test
	void rtmrNotInTheAllowlistNamesTheRefusedValueAndProperty(CapturedOutput output) {
		Map<String, Object> properties = properties("teesql_readwrite");
		properties.put("teesql.attestation.allowed-rtmr3", "ef".repeat(48));
		FailedStartup startup = FailedStartup.run(output, properties);
		MeasurementNotAllowedException refusal = Causes.find(startup.failure(), MeasurementNotAllowedException.class);
		assertThat(refusal.measurement()).isEqualTo("RTMR3");
		assertThat(refusal.value()).hasSize(96).isNotEqualTo("ef".repeat(48));
		assertThat(startup.description()).startsWith("RTMR3 \"" + refusal.value() + "\" is not in the allowlist")
			.contains("teesql.attestation.allowed-rtmr3");
		assertThat(startup.action()).contains("only if it is exactly " + refusal.value()
				+ ", add it to teesql.attestation.allowed-rtmr3")
			.contains("Stop; do not bypass the check.");
		assertNoSecretPrinted(startup);
	}

	@Test
	void chainNotAnchoredToThePinnedKmsRoot(CapturedOutput output) {
		// The platform root is a real CA, but not the cluster's KMS (app) CA: like a rotated or foreign root.
		Map<String, Object> properties = properties("teesql_readwrite");
		properties.put("teesql.attestation.kms-root-ca", platformRoot().toUri().toString());
		FailedStartup startup = FailedStartup.run(output, properties);
		Causes.find(startup.failure(), CertChainVerificationException.class);
		assertThat(startup.description()).startsWith("Cert chain verification failed: the RA-TLS certificate chain of "
				+ "the server at " + sidecar() + " does not anchor to the dstack KMS root pinned by "
				+ "teesql.attestation.kms-root-ca.")
			.contains("cert chain verification failed: the server chain");
		assertThat(startup.action()).contains("KMS root rotated")
			.contains("not the TeeSQL cluster you think it is")
			.contains("Refresh the KMS root certificate from the cluster operator");
		assertNoSecretPrinted(startup);
	}

	@Test
	void readSecretCannotAuthenticateAsReadWrite(CapturedOutput output) {
		FailedStartup startup = FailedStartup.run(output,
				properties("teesql_readwrite", cluster().dsn("teesql_readwrite", cluster().readSecret())));
		SQLException refusal = Causes.find(startup.failure(), SQLException.class);
		assertThat(refusal.getSQLState()).isEqualTo("28P01");
		assertThat(startup.description()).isEqualTo("Password authentication failed: the TeeSQL sidecar of the server "
				+ "at " + sidecar() + " did not recognise the cluster secret for role 'teesql_readwrite'.");
		assertThat(startup.action()).contains("teesql_read or teesql_readwrite")
			.contains("64-character hex string, not a PostgreSQL password")
			.contains("the read secret cannot authenticate as teesql_readwrite");
		assertNoSecretPrinted(startup);
	}

	@Test
	void plainPostgresqlPasswordFailureIsNotMistakenForATeeSqlOne(CapturedOutput output) {
		// Without TeeSQL connection details the same SQLState comes from some other PostgreSQL: not ours to explain.
		SpringApplication application = new SpringApplication(ConnectingApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setRegisterShutdownHook(false);
		application.setDefaultProperties(Map.of("spring.datasource.url", cluster().postgres().jdbcUrl(),
				"spring.datasource.username", "teesql_readwrite", "spring.datasource.password", "not-the-password"));
		Throwable failure = catchThrowable(application::run);
		SQLException refusal = Causes.find(failure, SQLException.class);
		assertThat(refusal.getSQLState()).isEqualTo("28P01");
		assertThat(output).doesNotContain("TeeSQL sidecar");
	}

	@Test
	void unprovisionedRoleIsTheOperatorsToFix(CapturedOutput output) {
		FailedStartup startup = FailedStartup.run(output,
				properties(UNPROVISIONED_ROLE, cluster().dsn(UNPROVISIONED_ROLE)));
		assertThat(Causes.find(startup.failure(), SQLException.class).getMessage()).contains("pg_auth_inject failed");
		assertThat(startup.description()).isEqualTo("pg_auth_inject failed: early eof. The TeeSQL sidecar of the "
				+ "server at " + sidecar() + " accepted the cluster secret for role '" + UNPROVISIONED_ROLE
				+ "', but PostgreSQL itself rejected the login.");
		assertThat(startup.action()).contains("did not provision the role '" + UNPROVISIONED_ROLE + "'")
			.contains("Ask the cluster operator to re-provision it");
		assertThat(startup.output()).doesNotContain(UNPROVISIONED_ROLE_SECRET);
		assertNoSecretPrinted(startup);
	}

	@Test
	void closedSidecarPortIsUnreachable(CapturedOutput output) throws IOException {
		int port = closedPort();
		String dsn = "postgresql://teesql_readwrite:" + cluster().readWriteSecret() + "@127.0.0.1:" + port + "/"
				+ cluster().database();
		FailedStartup startup = FailedStartup.run(output, properties("teesql_readwrite", dsn));
		assertThat(Causes.find(startup.failure(), UpstreamUnreachableException.class)).isNotNull();
		assertThat(startup.description()).startsWith("The TeeSQL sidecar (the server at 127.0.0.1:" + port + ")")
			.contains("could not be reached: upstream TCP connect to 127.0.0.1:" + port + " failed");
		assertThat(startup.action()).contains("5433").contains("curl -s http://127.0.0.1:8080/health");
		assertNoSecretPrinted(startup);
	}

	@Test
	void silentServerTimesOutTheHandshake(CapturedOutput output) throws IOException {
		// Bound but never accepting: the kernel completes the TCP connection, nobody answers the ClientHello.
		try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			String dsn = "postgresql://teesql_readwrite:" + cluster().readWriteSecret() + "@127.0.0.1:"
					+ silent.getLocalPort() + "/" + cluster().database();
			Map<String, Object> properties = properties("teesql_readwrite", dsn);
			properties.put("teesql.handshake-timeout", "400ms");
			FailedStartup startup = FailedStartup.run(output, properties);
			assertThat(Causes.find(startup.failure(), HandshakeTimeoutException.class).timeoutMillis())
				.isEqualTo(400);
			assertThat(startup.description()).isEqualTo("Upstream TLS handshake timed out after 400ms: the RA-TLS "
					+ "handshake with the server at 127.0.0.1:" + silent.getLocalPort()
					+ " did not complete within teesql.handshake-timeout.");
			assertThat(startup.action()).contains("network filtering")
				.contains("cluster CVM is not running")
				.contains("misconfigured for SNI")
				.contains("curl -s http://127.0.0.1:8080/health")
				.contains("teesql.handshake-timeout");
			assertNoSecretPrinted(startup);
		}
	}

	@Test
	void sslRequestAnsweredWithN(CapturedOutput output) throws Exception {
		try (SslRefusingListener listener = SslRefusingListener.start()) {
			String dsn = "postgresql://teesql_readwrite:" + cluster().readWriteSecret() + "@127.0.0.1:"
					+ listener.port() + "/" + cluster().database();
			Map<String, Object> properties = properties("teesql_readwrite", dsn);
			properties.put("teesql.ssl-negotiation", "postgres");
			FailedStartup startup = FailedStartup.run(output, properties);
			assertThat(Causes.find(startup.failure(), TlsNegotiationException.class))
				.hasMessageContaining("replied 'N'");
			assertThat(startup.description()).startsWith("TLS handshake failed: TLS could not be negotiated with the "
					+ "server at 127.0.0.1:" + listener.port() + " (teesql.ssl-negotiation=postgres): server refused "
					+ "TLS during SSLRequest handshake (replied 'N')");
			assertThat(startup.action()).startsWith("The server answered the PostgreSQL SSLRequest with 'N'")
				.contains("RA-TLS port (5433 on a TeeSQL CVM, not PostgreSQL's 5432)")
				.contains("teesql.ssl-negotiation")
				.contains("Do not put sslmode in teesql.url");
			assertNoSecretPrinted(startup);
		}
	}

	@Test
	void directTlsToPlainPostgresql(CapturedOutput output) {
		// The classic mistake: PostgreSQL's own port instead of the sidecar's.
		String dsn = "postgresql://teesql_readwrite:" + cluster().readWriteSecret() + "@" + cluster().postgres().host()
				+ ":" + cluster().postgres().port() + "/" + cluster().database();
		FailedStartup startup = FailedStartup.run(output, properties("teesql_readwrite", dsn));
		assertThat(Causes.find(startup.failure(), TlsNegotiationException.class))
			.hasMessageStartingWith("upstream TLS handshake failed");
		assertThat(startup.description()).startsWith("TLS handshake failed: TLS could not be negotiated with the "
				+ "server at " + cluster().postgres().host() + ":" + cluster().postgres().port()
				+ " (teesql.ssl-negotiation=direct): upstream TLS handshake failed");
		assertThat(startup.action()).startsWith("Check that teesql.url names the sidecar's RA-TLS port")
			.doesNotContain("answered the PostgreSQL SSLRequest");
		assertNoSecretPrinted(startup);
	}

	@Test
	void revokedPlatformKeyFailsDcap(CapturedOutput output) {
		cluster().setCollateralKnobs(CollateralKnobs.genuine().withPckRevoked(true));
		FailedStartup startup = FailedStartup.run(output, properties("teesql_readwrite"));
		DcapVerificationException refusal = Causes.find(startup.failure(), DcapVerificationException.class);
		assertThat(refusal.reason()).isEqualTo(DcapVerificationException.Reason.CERTIFICATE_REVOKED);
		assertThat(startup.description()).startsWith("The TDX quote of the server at " + sidecar()
				+ " failed DCAP verification (CERTIFICATE_REVOKED): " + refusal.getMessage());
		assertThat(startup.action()).startsWith("Intel has revoked this platform's attestation key or TCB")
			.contains("Escalate to the cluster operator");
		assertNoSecretPrinted(startup);
	}

	@Test
	void collateralSignedByAPlatformKeyFailsDcap(CapturedOutput output) {
		cluster().setCollateralKnobs(CollateralKnobs.genuine().withSigner(CollateralSigner.PCK_LEAF));
		FailedStartup startup = FailedStartup.run(output, properties("teesql_readwrite"));
		DcapVerificationException refusal = Causes.find(startup.failure(), DcapVerificationException.class);
		assertThat(refusal.reason()).isEqualTo(DcapVerificationException.Reason.TCB_SIGNER_IS_PCK_CERTIFICATE);
		assertThat(startup.description()).isEqualTo("The TDX quote of the server at " + sidecar()
				+ " failed DCAP verification (TCB_SIGNER_IS_PCK_CERTIFICATE): TCB info issuer chain: signer "
				+ "'O=TeeSQL Dev,CN=TeeSQL Dev SGX PCK Certificate' carries the Intel SGX PCK extension "
				+ "1.2.840.113741.1.13.1: a platform's PCK key must never sign TCB info or QE identity");
		assertThat(startup.action()).startsWith("The DCAP collateral from teesql.attestation.dcap.pccs-url (or "
				+ "teesql.attestation.dcap.collateral-dir) was not issued by Intel for this platform")
			.contains("Treat that collateral source as compromised")
			.contains("named 'Intel SGX TCB Signing'")
			.endsWith("Do not bypass the check.");
		assertNoSecretPrinted(startup);
	}

	@Test
	void expiredCollateralPointsAtThePccsAndTheClock(CapturedOutput output) {
		cluster().setCollateralKnobs(CollateralKnobs.genuine().withExpired(true));
		FailedStartup startup = FailedStartup.run(output, properties("teesql_readwrite"));
		DcapVerificationException refusal = Causes.find(startup.failure(), DcapVerificationException.class);
		assertThat(refusal.reason()).isIn(DcapVerificationException.Reason.TCB_INFO_EXPIRED,
				DcapVerificationException.Reason.QE_IDENTITY_EXPIRED);
		assertThat(startup.description()).contains("failed DCAP verification (" + refusal.reason() + ")");
		assertThat(startup.action()).contains("teesql.attestation.dcap.pccs-url")
			.contains("outside its validity period")
			.contains("clock");
		assertNoSecretPrinted(startup);
	}

	@Test
	void unreachablePccs(CapturedOutput output) throws IOException {
		String pccs = "http://127.0.0.1:" + closedPort();
		Map<String, Object> properties = properties("teesql_readwrite");
		properties.put("teesql.attestation.dcap.pccs-url", pccs);
		FailedStartup startup = FailedStartup.run(output, properties);
		Causes.find(startup.failure(), CollateralUnavailableException.class);
		assertThat(startup.description()).startsWith("The TDX quote of the server at " + sidecar()
				+ " could not be verified because DCAP collateral (TCB info, QE identity, CRLs) is unavailable: ")
			.contains(pccs);
		assertThat(startup.action()).startsWith("Check that teesql.attestation.dcap.pccs-url ('" + pccs
				+ "') is reachable from this host")
			.contains("teesql.attestation.dcap.collateral-dir");
		assertNoSecretPrinted(startup);
	}

	@Test
	void unreachableIntelTrustAuthority(CapturedOutput output) throws IOException {
		String apiKey = "ita-key-" + randomSecret();
		Map<String, Object> properties = properties("teesql_readwrite");
		properties.put("teesql.attestation.verifier", "intel-trust-authority");
		properties.put("teesql.attestation.intel-trust-authority.api-key", apiKey);
		properties.put("teesql.attestation.intel-trust-authority.base-url", "http://127.0.0.1:" + closedPort());
		FailedStartup startup = FailedStartup.run(output, properties);
		IntelTrustAuthorityException refusal = Causes.find(startup.failure(), IntelTrustAuthorityException.class);
		assertThat(refusal.reason()).isEqualTo(IntelTrustAuthorityException.Reason.API_UNREACHABLE);
		assertThat(startup.description()).startsWith("Intel Trust Authority did not verify the TDX quote of the "
				+ "server at " + sidecar() + " (API_UNREACHABLE): ");
		assertThat(startup.action()).contains("teesql.attestation.intel-trust-authority.base-url is reachable");
		assertThat(startup.output()).doesNotContain(apiKey);
		assertNoSecretPrinted(startup);
	}

	private static Map<String, Object> properties(String role) {
		return properties(role, cluster().dsn(role));
	}

	// A mutable map, so that tests can add their misconfiguration.
	private static Map<String, Object> properties(String role, String dsn) {
		return running.properties(dsn);
	}

	private static String sidecar() {
		return cluster().host() + ":" + cluster().sidecarPort();
	}

	private static void assertNoSecretPrinted(FailedStartup startup) {
		assertThat(startup.output()).doesNotContain(cluster().readSecret()).doesNotContain(cluster().readWriteSecret());
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static String randomSecret() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	private static DevCluster cluster() {
		return running.cluster();
	}

	private static Path platformRoot() {
		return running.platformRoot();
	}

}
