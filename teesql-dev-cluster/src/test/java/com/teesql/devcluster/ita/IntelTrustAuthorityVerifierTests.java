package com.teesql.devcluster.ita;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityApiKeyMissingException;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityConfig;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException.Reason;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityVerifier;
import com.teesql.jdbc.errors.AttestationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The real verifier against the dev authority over real HTTP, with real quotes from the dev platform and real
 * RSA-3072 signed tokens.
 */
class IntelTrustAuthorityVerifierTests {

	private static final String API_KEY = "itak-" + "7f3c9a1e5b2d4c6e8a0b1c2d3e4f5a6b";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static DevTdxPlatform platform;

	private static TdxQuote quote;

	private final List<Throwable> failures = new ArrayList<>();

	/** Shared, because generating its RSA-3072 key takes up to seconds; every test starts with {@code reset()}. */
	private static DevTrustAuthority authority;

	private int attestRequestsBefore;

	private int jwksRequestsBefore;

	@BeforeAll
	static void startAuthority() throws Exception {
		platform = DevTdxPlatform.create(RANDOM);
		quote = quoteOf(TdIdentity.random(RANDOM));
		authority = new DevTrustAuthority().start(API_KEY);
	}

	@AfterAll
	static void stopAuthority() {
		authority.close();
	}

	private static TdxQuote quoteOf(TdIdentity td) throws Exception {
		byte[] reportData = new byte[64];
		RANDOM.nextBytes(reportData);
		return TdxQuote.parse(platform.quote(td, reportData));
	}

	@BeforeEach
	void resetAuthority() {
		authority.reset();
		this.attestRequestsBefore = authority.attestRequestCount();
		this.jwksRequestsBefore = authority.jwksRequestCount();
	}

	@AfterEach
	void checkSecrecy() {
		for (Throwable failure : this.failures) {
			for (Throwable t = failure; t != null; t = t.getCause()) {
				assertThat(String.valueOf(t.getMessage())).doesNotContain(API_KEY);
				assertThat(t.toString()).doesNotContain(API_KEY);
			}
		}
	}

	private IntelTrustAuthorityConfig.Builder config() {
		return IntelTrustAuthorityConfig.builder()
			.apiKey(API_KEY)
			.baseUrl(authority.baseUrl())
			.jwksUrl(authority.jwksUrl())
			.requestTimeout(Duration.ofSeconds(10))
			.jwksTimeout(Duration.ofSeconds(5));
	}

	private IntelTrustAuthorityVerifier verifier() {
		return new IntelTrustAuthorityVerifier(config().build());
	}

	private IntelTrustAuthorityException refusal(IntelTrustAuthorityVerifier verifier, TdxQuote tdxQuote,
			Reason reason) {
		IntelTrustAuthorityException refusal = catchRefusal(() -> verifier.verify(tdxQuote));
		assertThat(refusal.reason()).as(refusal.getMessage()).isEqualTo(reason);
		assertThat(refusal).isInstanceOf(AttestationException.class);
		return refusal;
	}

	private IntelTrustAuthorityException catchRefusal(Verification verification) {
		try {
			verification.run();
		}
		catch (IntelTrustAuthorityException ex) {
			this.failures.add(ex);
			return ex;
		}
		catch (AttestationException ex) {
			throw new AssertionError("expected an IntelTrustAuthorityException but got " + ex, ex);
		}
		throw new AssertionError("expected the quote to be refused");
	}

	@Test
	void genuineQuoteIsAcceptedWithNestedClaims() throws Exception {
		Instant before = Instant.now();
		VerifiedQuote verified = verifier().verify(quote);
		assertThat(verified.tcbStatus()).isEqualTo("UpToDate");
		assertThat(verified.advisoryIds()).isEmpty();
		assertThat(verified.verifierName()).isEqualTo("ita");
		assertThat(verified.validUntil()).hasValueSatisfying((until) -> assertThat(until)
			.isCloseTo(before.plus(Duration.ofMinutes(30)), within(Duration.ofMinutes(1))));
		assertThat(attestRequests()).isEqualTo(1);
	}

	@Test
	void topLevelClaimsAreAcceptedToo() throws Exception {
		authority.setClaimsAtTopLevel(true);
		assertThat(verifier().verify(quote).tcbStatus()).isEqualTo("UpToDate");
	}

	@Test
	void tcbStatusAndAdvisoriesAreReported() throws Exception {
		authority.setTcbStatus("OutOfDate", List.of("INTEL-SA-01079", "INTEL-SA-00837"));
		VerifiedQuote verified = verifier().verify(quote);
		assertThat(verified.tcbStatus()).isEqualTo("OutOfDate");
		assertThat(verified.advisoryIds()).containsExactly("INTEL-SA-00837", "INTEL-SA-01079");
	}

	@Test
	void debugTdIsAcceptedByTheVerifierAndLeftToThePolicy() throws Exception {
		TdxQuote debugQuote = quoteOf(TdIdentity.random(RANDOM).withDebug(true));
		assertThat(debugQuote.isDebug()).isTrue();
		assertThat(verifier().verify(debugQuote).tcbStatus()).isEqualTo("UpToDate");
	}

	@Test
	void expiredTokenIsRefused() {
		authority.setTokenExpired(true);
		assertThat(refusal(verifier(), quote, Reason.TOKEN_EXPIRED))
			.hasMessageContaining("attestation token expired at");
	}

	@Test
	void tokenSignedWithAnUnpublishedKeyIsRefusedAfterOneRefetch() throws Exception {
		IntelTrustAuthorityVerifier verifier = verifier();
		verifier.verify(quote);
		assertThat(jwksRequests()).isEqualTo(1);
		authority.setSigningKey(TokenSigningKey.UNPUBLISHED);
		assertThat(refusal(verifier, quote, Reason.TOKEN_KEY_UNKNOWN))
			.hasMessageStartingWith("JWKS at " + authority.jwksUrl() + " has no key with kid=dev-ita-");
		assertThat(jwksRequests()).isEqualTo(2);
	}

	@Test
	void tokenSignedByAnImpostorUnderThePublishedKidIsRefused() {
		authority.setSigningKey(TokenSigningKey.IMPOSTOR);
		assertThat(refusal(verifier(), quote, Reason.TOKEN_SIGNATURE_INVALID))
			.hasMessageContaining("kid=" + authority.currentKeyId());
	}

	@Test
	void jkuPointingElsewhereIsRefusedAndNotFollowed() {
		authority.setJkuOverride("https://attacker.example.com/certs");
		assertThat(refusal(verifier(), quote, Reason.TOKEN_JKU_REFUSED))
			.hasMessageContaining("https://attacker.example.com/certs");
		assertThat(jwksRequests()).isZero();
	}

	@Test
	void tokenWithoutReportDataIsRefused() {
		authority.setOmitReportData(true);
		assertThat(refusal(verifier(), quote, Reason.CLAIM_MISSING))
			.hasMessage("attestation token has no tdx.tdx_report_data claim");
		authority.setClaimsAtTopLevel(true);
		assertThat(refusal(verifier(), quote, Reason.CLAIM_MISSING))
			.hasMessage("attestation token has no tdx_report_data claim");
	}

	@Test
	void tokenAboutAnotherMrtdIsRefused() {
		authority.setMrTdOverride("ab".repeat(48));
		assertThat(refusal(verifier(), quote, Reason.MRTD_MISMATCH)).hasMessageContaining("tdx_mrtd abababab");
	}

	@Test
	void unavailableServiceIsRefusedWithItsStatus() {
		authority.setUnavailable(true);
		IntelTrustAuthorityException refusal = refusal(verifier(), quote, Reason.API_ERROR);
		assertThat(refusal.httpStatus()).hasValue(503);
		assertThat(refusal).hasMessageStartingWith("Intel Trust Authority returned 503: ")
			.hasMessageContaining("service temporarily unavailable");
	}

	@Test
	void wrongApiKeyIsRefusedWithStatus401() {
		IntelTrustAuthorityVerifier verifier = new IntelTrustAuthorityVerifier(
				config().apiKey("not-the-right-key").build());
		IntelTrustAuthorityException refusal = refusal(verifier, quote, Reason.API_ERROR);
		assertThat(refusal.httpStatus()).hasValue(401);
		assertThat(refusal).hasMessageStartingWith("Intel Trust Authority returned 401: ")
			.hasMessageNotContaining("not-the-right-key");
	}

	@Test
	@Timeout(30)
	void serviceThatNeverAnswersTimesOutWithinTheRequestTimeout() {
		authority.setNeverAnswer(true);
		IntelTrustAuthorityVerifier verifier = new IntelTrustAuthorityVerifier(
				config().requestTimeout(Duration.ofMillis(500)).build());
		assertThat(refusal(verifier, quote, Reason.API_TIMEOUT)).hasMessageContaining("did not answer within 500 ms");
		assertThat(attestRequests()).isEqualTo(1);
	}

	@Test
	void unreachableServiceIsRefused() throws Exception {
		String deadUrl = "http://127.0.0.1:" + freePort();
		IntelTrustAuthorityVerifier verifier = new IntelTrustAuthorityVerifier(config().baseUrl(deadUrl).build());
		assertThat(refusal(verifier, quote, Reason.API_UNREACHABLE)).hasMessageContaining(deadUrl);
	}

	@Test
	void unreachableJwksIsRefused() throws Exception {
		String deadJwks = "http://127.0.0.1:" + freePort() + "/certs";
		authority.setJkuOverride(deadJwks);
		IntelTrustAuthorityVerifier verifier = new IntelTrustAuthorityVerifier(config().jwksUrl(deadJwks).build());
		assertThat(refusal(verifier, quote, Reason.JWKS_UNAVAILABLE)).hasMessageContaining(deadJwks);
	}

	@Test
	void jwksIsCachedAndRefetchedOnceAfterKeyRotation() throws Exception {
		IntelTrustAuthorityVerifier verifier = verifier();
		verifier.verify(quote);
		verifier.verify(quote);
		assertThat(jwksRequests()).isEqualTo(1);
		authority.rotateSigningKey();
		assertThat(verifier.verify(quote).tcbStatus()).isEqualTo("UpToDate");
		assertThat(jwksRequests()).isEqualTo(2);
		assertThat(attestRequests()).isEqualTo(3);
	}

	@Test
	void missingApiKeyFailsWithTheDocumentedMessage() {
		assumeThat(System.getenv("INTEL_TRUST_AUTHORITY_API_KEY")).as("INTEL_TRUST_AUTHORITY_API_KEY is set here")
			.isNull();
		assertThatExceptionOfType(IntelTrustAuthorityApiKeyMissingException.class)
			.isThrownBy(() -> IntelTrustAuthorityConfig.resolveApiKey(null))
			.withMessage("Intel Trust Authority API key required. "
					+ "Set teesql.attestation.intel-trust-authority.api-key "
					+ "or the INTEL_TRUST_AUTHORITY_API_KEY environment variable. "
					+ "Register at https://portal.trustauthority.intel.com");
	}

	@Test
	void apiKeyNeverAppearsInToString() {
		IntelTrustAuthorityVerifier verifier = verifier();
		assertThat(verifier.toString()).doesNotContain(API_KEY).contains(authority.baseUrl());
		assertThat(config().build().toString()).doesNotContain(API_KEY);
		assertThat(verifier.name()).isEqualTo("ita");
		assertThat(authority.toString()).doesNotContain(API_KEY);
	}

	private int attestRequests() {
		return authority.attestRequestCount() - this.attestRequestsBefore;
	}

	private int jwksRequests() {
		return authority.jwksRequestCount() - this.jwksRequestsBefore;
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@FunctionalInterface
	private interface Verification {

		void run() throws AttestationException;

	}

}
