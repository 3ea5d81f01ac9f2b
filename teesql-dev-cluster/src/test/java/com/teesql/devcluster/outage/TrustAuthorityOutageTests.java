package com.teesql.devcluster.outage;

import java.time.Duration;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.ita.DevTrustAuthority;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.devcluster.support.TrustAuthorityCluster;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException.Reason;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.tls.RaTlsConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intel Trust Authority down, through the whole connection path: a pool keeps reaching a server whose certificate it
 * already verified (the verification cache), but a new certificate needs the authority and is refused with a typed
 * error, within the request timeout even when the authority never answers.
 */
class TrustAuthorityOutageTests {

	private static final String API_KEY = "outage-ita-key";

	@RegisterExtension
	static final TrustAuthorityCluster ita = new TrustAuthorityCluster(API_KEY);

	@AfterEach
	void genuine() {
		cluster().reissueServerCertificate(AttestationKnobs.genuine());
	}

	@Test
	void cachedVerificationCarriesThePoolThroughAnOutageButANewCertificateIsRefused() throws Exception {
		try (OutageClient client = client(Duration.ofMinutes(10), Duration.ofSeconds(5))) {
			assertThat(client.currentUser()).isEqualTo("teesql_readwrite");
			int attests = authority().attestRequestCount();
			assertThat(attests).isPositive();

			authority().setUnavailable(true);
			assertThat(client.currentUser()).isEqualTo("teesql_readwrite");
			assertThat(client.currentUser()).isEqualTo("teesql_readwrite");
			assertThat(authority().attestRequestCount()).isEqualTo(attests);
			assertThat(client.connector().verificationCache().hits()).isEqualTo(2);

			cluster().reissueServerCertificate(AttestationKnobs.genuine());
			long startups = cluster().sidecarStats().startupMessagesSeen();
			OutageClient.Refusal refusal = client.refusal();
			IntelTrustAuthorityException cause = refusal.cause(IntelTrustAuthorityException.class);
			assertThat(cause.reason()).isEqualTo(Reason.API_ERROR);
			assertThat(cause.httpStatus()).hasValue(503);
			assertThat(cause.getMessage()).contains("503").doesNotContain(API_KEY);
			assertThat(authority().attestRequestCount()).isEqualTo(attests + 1);
			assertThat(cluster().sidecarStats().startupMessagesSeen()).isEqualTo(startups);
		}
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void authorityThatNeverAnswersIsBoundedByTheRequestTimeout() throws Exception {
		authority().setNeverAnswer(true);
		try (OutageClient client = client(Duration.ZERO, Duration.ofMillis(800))) {
			OutageClient.Refusal refusal = client.refusal();
			IntelTrustAuthorityException cause = refusal.cause(IntelTrustAuthorityException.class);
			assertThat(cause.reason()).isEqualTo(Reason.API_TIMEOUT);
			assertThat(cause.getMessage()).endsWith("did not answer within 800 ms");
		}
	}

	private static OutageClient client(Duration cacheTtl, Duration requestTimeout) throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse(cluster().dsn(ClusterRoles.READ_WRITE));
		IntelTrustAuthorityVerifier verifier = new IntelTrustAuthorityVerifier(
				ita.verifierConfig(API_KEY).requestTimeout(requestTimeout).build());
		RaTlsConnector connector = RaTlsConnector.builder(ita.connectorConfig(dsn).cacheTtl(cacheTtl).build())
			.quoteVerifier(verifier)
			.build();
		return new OutageClient(dsn, connector);
	}

	private static DevCluster cluster() {
		return ita.cluster();
	}

	private static DevTrustAuthority authority() {
		return ita.authority();
	}

}
