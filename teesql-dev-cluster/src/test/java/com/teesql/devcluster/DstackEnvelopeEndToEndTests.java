package com.teesql.devcluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.EnvelopeKnobs;
import com.teesql.devcluster.platform.EnvelopeKnobs.Events;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.devcluster.support.DevIdentity;
import com.teesql.devcluster.support.PinnedConnections;
import com.teesql.jdbc.attestation.AttestationPlatform;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.StackKind;
import com.teesql.jdbc.errors.MeasurementNotAllowedException;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.errors.UnsupportedPlatformException;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.ManifestLeaderInstanceMismatchException;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.testsupport.Causes;
import org.junit.jupiter.api.AutoClose;

import static com.teesql.devcluster.support.PinnedConnections.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every dstack envelope variant through the whole path: dev guest agent → certificate with the envelope → real TLS
 * → DCAP on the dev PKI → policy (app-id and compose-hash pins, RTMR3 replay) → manifest binding → PostgreSQL.
 * Supported variants connect; unsupported platforms and dstack-pod evidence are refused, before any PostgreSQL
 * byte, with their message.
 */
class DstackEnvelopeEndToEndTests {

	@AutoClose
	private static final DevCluster cluster = DevCluster.start(DevClusterOptions.defaults());

	private static final PinnedConnections connections = new PinnedConnections(cluster, "envelope-");

	@AfterEach
	void genuineCertificateAgain() {
		cluster.reissueServerCertificate(AttestationKnobs.genuine());
		connections.unregisterAll();
	}

	@Test
	void everySupportedVariantConnectsWithDcapAndPinnedIdentity() throws Exception {
		List<EnvelopeKnobs> variants = List.of(EnvelopeKnobs.dstackDefault(), EnvelopeKnobs.v0(AttestationPlatform.GCP_TDX),
				EnvelopeKnobs.v1(AttestationPlatform.TDX, StackKind.DSTACK, Events.V1),
				EnvelopeKnobs.v1(AttestationPlatform.TDX, StackKind.DSTACK, Events.V2),
				EnvelopeKnobs.v1(AttestationPlatform.TDX, StackKind.DSTACK, Events.MIXED),
				EnvelopeKnobs.v1(AttestationPlatform.GCP_TDX, StackKind.DSTACK, Events.V2),
				EnvelopeKnobs.v1(AttestationPlatform.GCP_TDX, StackKind.DSTACK, Events.MIXED));
		for (EnvelopeKnobs variant : variants) {
			cluster.reissueServerCertificate(AttestationKnobs.genuine().withEnvelope(variant));
			RaTlsConnector[] connector = new RaTlsConnector[1];
			try (Connection connection = connectVerifiedBy(cluster.quoteVerifier(),
					(c) -> c.policy(DevIdentity.pinnedTo(cluster).allowedComposeHashes(List.of(cluster.composeHash())).build()),
					connector)) {
				assertThat(queryString(connection, "SELECT current_user")).as(variant.toString())
					.isEqualTo("teesql_readwrite");
			}
			AttestationResult result = connector[0].lastResult().orElseThrow();
			assertThat(result.verifierName()).isEqualTo("dcap");
			assertThat(result.attestationFormat()).as(variant.toString()).isEqualTo(variant.format().name());
			assertThat(result.platform()).isEqualTo(variant.platform().kind());
			assertThat(result.appId()).isEqualTo(cluster.appId());
			assertThat(result.composeHash()).isEqualTo(cluster.composeHash());
			assertThat(result.instanceId()).isNotNull();
		}
	}

	@Test
	void allowlistsRefuseOtherValuesOnV2Events() {
		cluster.reissueServerCertificate(AttestationKnobs.genuine()
			.withEnvelope(EnvelopeKnobs.v1(AttestationPlatform.TDX, StackKind.DSTACK, Events.V2)));
		long startups = cluster.sidecarStats().startupMessagesSeen();
		SQLException failure = catchThrowableOfType(SQLException.class, () -> connect(
				(c) -> c.policy(DevIdentity.pinnedTo(cluster).allowedComposeHashes(List.of("ab".repeat(32))).build()),
				new RaTlsConnector[1]));
		assertThat(Causes.find(failure, MeasurementNotAllowedException.class))
			.hasMessageStartingWith("compose-hash \"" + cluster.composeHash() + "\" is not in the allowlist.");
		failure = catchThrowableOfType(SQLException.class, () -> connect(
				(c) -> c.policy(com.teesql.jdbc.attestation.AttestationPolicy.builder()
					.allowedAppIds(List.of("cd".repeat(20)))
					.build()),
				new RaTlsConnector[1]));
		assertThat(Causes.find(failure, MeasurementNotAllowedException.class))
			.hasMessageStartingWith("app-id \"" + cluster.appId() + "\" is not in the allowlist.");
		assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startups);
	}

	@Test
	void rtmr3AllowlistSeesTheRegisterTheV2EventsReplayTo() throws Exception {
		cluster.reissueServerCertificate(AttestationKnobs.genuine()
			.withEnvelope(EnvelopeKnobs.v1(AttestationPlatform.GCP_TDX, StackKind.DSTACK, Events.V2)));
		RaTlsConnector[] probe = new RaTlsConnector[1];
		try (Connection connection = connect((c) -> c, probe)) {
			assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
		}
		String rtmr3 = probe[0].lastResult().orElseThrow().rtmr3();
		try (Connection connection = connect(
				(c) -> c.policy(DevIdentity.pinnedTo(cluster).allowedRtmrs(3, List.of(rtmr3)).build()),
				new RaTlsConnector[1])) {
			assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
		}
		// The same events as V1 measure another RTMR3: the V1 certificate is refused under the V2 pin.
		cluster.reissueServerCertificate(AttestationKnobs.genuine()
			.withEnvelope(EnvelopeKnobs.v1(AttestationPlatform.GCP_TDX, StackKind.DSTACK, Events.V1)));
		SQLException failure = catchThrowableOfType(SQLException.class, () -> connect(
				(c) -> c.policy(DevIdentity.pinnedTo(cluster).allowedRtmrs(3, List.of(rtmr3)).build()),
				new RaTlsConnector[1]));
		assertThat(Causes.find(failure, MeasurementNotAllowedException.class)).hasMessageStartingWith("RTMR3 \"");
	}

	@Test
	void manifestLeaderInstanceIsBoundOnV2Events() throws Exception {
		cluster.reissueServerCertificate(AttestationKnobs.genuine()
			.withEnvelope(EnvelopeKnobs.v1(AttestationPlatform.TDX, StackKind.DSTACK, Events.MIXED)));
		RaTlsConnector[] probe = new RaTlsConnector[1];
		try (Connection connection = connect((c) -> c, probe)) {
			assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
		}
		String instance = probe[0].lastResult().orElseThrow().instanceId();
		try (Connection connection = connect(
				(c) -> c.policy(DevIdentity.pinnedTo(cluster).build().forLeader(manifest(instance))),
				new RaTlsConnector[1])) {
			assertThat(queryString(connection, "SELECT 1::text")).isEqualTo("1");
		}
		String other = "0".repeat(instance.length());
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> connect((c) -> c.policy(DevIdentity.pinnedTo(cluster).build().forLeader(manifest(other))), new RaTlsConnector[1]));
		assertThat(Causes.find(failure, ManifestLeaderInstanceMismatchException.class))
			.hasMessageContaining("but the server attested instance-id");
	}

	@Test
	void unsupportedPlatformsAreRefusedByName() {
		for (AttestationPlatform platform : List.of(AttestationPlatform.NITRO_ENCLAVE, AttestationPlatform.SEV_SNP,
				AttestationPlatform.AWS_NITRO_TPM)) {
			for (EnvelopeKnobs envelope : List.of(EnvelopeKnobs.v0(platform),
					EnvelopeKnobs.v1(platform, StackKind.DSTACK, Events.V2))) {
				cluster.reissueServerCertificate(AttestationKnobs.genuine().withEnvelope(envelope));
				long startups = cluster.sidecarStats().startupMessagesSeen();
				SQLException failure = catchThrowableOfType(SQLException.class,
						() -> connect((c) -> c, new RaTlsConnector[1]));
				assertThat(Causes.find(failure, UnsupportedPlatformException.class))
					.hasMessage(platform.refusal());
				assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startups);
			}
		}
	}

	@Test
	void dstackPodEvidenceIsRefusedForTls() {
		for (AttestationPlatform platform : List.of(AttestationPlatform.TDX, AttestationPlatform.GCP_TDX)) {
			cluster.reissueServerCertificate(AttestationKnobs.genuine()
				.withEnvelope(EnvelopeKnobs.v1(platform, StackKind.DSTACK_POD, Events.V2)));
			long startups = cluster.sidecarStats().startupMessagesSeen();
			SQLException failure = catchThrowableOfType(SQLException.class,
					() -> connectVerifiedBy(cluster.quoteVerifier(), (c) -> c, new RaTlsConnector[1]));
			assertThat(Causes.find(failure, ReportDataBindingException.class))
				.hasMessageStartingWith("dstack-pod evidence binds report_data to its report_data_payload");
			assertThat(cluster.sidecarStats().startupMessagesSeen()).isEqualTo(startups);
		}
	}

	private static LeaderManifest manifest(String instance) {
		return new LeaderManifest("0x" + "11".repeat(20), 1, instance, "https://leader.example:443", "1",
				Long.MAX_VALUE, "0x" + "00".repeat(65), "0x" + "22".repeat(20));
	}

	private static Connection connect(UnaryOperator<RaTlsConnectorConfig.Builder> customizer, RaTlsConnector[] created)
			throws Exception {
		return connectVerifiedBy(null, customizer, created);
	}

	/** Connect with this verifier instance ({@code null}: the one the settings describe). */
	private static Connection connectVerifiedBy(QuoteVerifier verifier,
			UnaryOperator<RaTlsConnectorConfig.Builder> customizer, RaTlsConnector[] created) throws Exception {
		return connections.connect(ClusterRoles.READ_WRITE, cluster.readWriteSecret(), customizer, verifier, created);
	}

}
