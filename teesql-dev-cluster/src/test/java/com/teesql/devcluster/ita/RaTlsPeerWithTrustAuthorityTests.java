package com.teesql.devcluster.ita;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.DevCertificateAuthority;
import com.teesql.devcluster.platform.DevKeyIssuer;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.IssuedKey;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.platform.TlsKeyRequest;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.RaTlsPeerVerifier;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityConfig;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityVerifier;
import com.teesql.jdbc.errors.DebugModeException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.errors.ReportDataBindingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Intel Trust Authority verifier plugged into the connector's peer check, with real RA-TLS leaf certificates
 * from the dev platform: binding, token verification and policy run in the connector's order.
 */
class RaTlsPeerWithTrustAuthorityTests {

	private static final String API_KEY = "peer-test-key-5a6b7c8d";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final DevTdxPlatform PLATFORM = DevTdxPlatform.create(RANDOM);

	private static final DevCertificateAuthority CA = DevCertificateAuthority.create("ita-test", RANDOM);

	private static final TdIdentity TD = TdIdentity.random(RANDOM);

	private static final DevKeyIssuer ISSUER = new DevKeyIssuer(CA, PLATFORM, TD, RANDOM);

	private static final TlsKeyRequest SERVER_KEY = new TlsKeyRequest("node-1.teesql.test", List.of("127.0.0.1"),
			true, true, false, null, null, false);

	private static DevTrustAuthority authority;

	private static IntelTrustAuthorityVerifier ita;

	@BeforeAll
	static void start() {
		authority = new DevTrustAuthority().start(API_KEY);
		ita = new IntelTrustAuthorityVerifier(IntelTrustAuthorityConfig.builder()
			.apiKey(API_KEY)
			.baseUrl(authority.baseUrl())
			.jwksUrl(authority.jwksUrl())
			.requestTimeout(Duration.ofSeconds(10))
			.build());
	}

	@AfterAll
	static void stop() {
		authority.close();
	}

	@Test
	void genuineLeafIsVerifiedThroughTrustAuthority() throws Exception {
		IssuedKey issued = ISSUER.issue(SERVER_KEY, AttestationKnobs.genuine());
		AttestationResult result = new RaTlsPeerVerifier(AttestationPolicy.DEFAULT, ita, false).verify(issued.leaf());
		assertThat(result.verifierName()).isEqualTo("ita");
		assertThat(result.tcbStatus()).isEqualTo("UpToDate");
		assertThat(result.mrtd()).isEqualTo(HexFormat.of().formatHex(TD.mrTd()));
	}

	@Test
	void leafWhoseQuoteBindsAnotherKeyIsRefusedBeforeAskingTrustAuthority() {
		IssuedKey issued = ISSUER.issue(SERVER_KEY, AttestationKnobs.genuine().withBindOtherKey(true));
		int before = authority.attestRequestCount();
		assertThatExceptionOfType(ReportDataBindingException.class)
			.isThrownBy(() -> new RaTlsPeerVerifier(AttestationPolicy.DEFAULT, ita, false).verify(issued.leaf()));
		assertThat(authority.attestRequestCount()).isEqualTo(before);
	}

	@Test
	void outOfDateTcbReportedByTheTokenIsRefusedByThePolicy() {
		IssuedKey genuine = ISSUER.issue(SERVER_KEY, AttestationKnobs.genuine());
		authority.setTcbStatus("OutOfDate", java.util.List.of("INTEL-SA-00837"));
		try {
			assertThatExceptionOfType(com.teesql.jdbc.errors.TcbStatusNotAcceptedException.class)
				.isThrownBy(() -> new RaTlsPeerVerifier(AttestationPolicy.DEFAULT, ita, false).verify(genuine.leaf()))
				.withMessageStartingWith("Unacceptable TCB status: \"OutOfDate\". Acceptable statuses: UpToDate, "
						+ "SWHardeningNeeded.")
				.withMessageContaining("INTEL-SA-00837");
		}
		finally {
			authority.reset();
		}
	}

	@Test
	void policyStillAppliesAfterTrustAuthorityAccepted() {
		IssuedKey debug = ISSUER.issue(SERVER_KEY, AttestationKnobs.genuine().withDebug(true));
		assertThatExceptionOfType(DebugModeException.class)
			.isThrownBy(() -> new RaTlsPeerVerifier(AttestationPolicy.DEFAULT, ita, false).verify(debug.leaf()));
		IssuedKey genuine = ISSUER.issue(SERVER_KEY, AttestationKnobs.genuine());
		AttestationPolicy pinned = AttestationPolicy.builder().allowedMrtds(Set.of("cd".repeat(48))).build();
		assertThatExceptionOfType(MrtdNotAllowedException.class)
			.isThrownBy(() -> new RaTlsPeerVerifier(pinned, ita, false).verify(genuine.leaf()));
	}

}
