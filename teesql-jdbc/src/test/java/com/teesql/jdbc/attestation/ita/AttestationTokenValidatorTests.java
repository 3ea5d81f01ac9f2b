package com.teesql.jdbc.attestation.ita;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AttestationTokenValidatorTests {

	private static final URI JWKS_URL = URI.create("https://portal.trustauthority.intel.com/certs");

	private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

	private static final RSAKey KEY = generateRsa("signing-key");

	private static final RSAKey OTHER_KEY = generateRsa("signing-key");

	private static final ECKey EC_KEY = generateEc("ec-key");

	private final AtomicInteger lookups = new AtomicInteger();

	private final AttestationTokenValidator validator = new AttestationTokenValidator(JWKS_URL, this::lookUp,
			Set.of("Intel Trust Authority"), Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC));

	private JWK lookUp(String kid) throws IntelTrustAuthorityException {
		this.lookups.incrementAndGet();
		JWK key = new JWKSet(List.of(KEY.toPublicJWK(), EC_KEY.toPublicJWK())).getKeyByKeyId(kid);
		if (key == null) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_KEY_UNKNOWN, "no key with kid=" + kid);
		}
		return key;
	}

	@Test
	void validPs384TokenIsAccepted() throws Exception {
		JWTClaimsSet claims = this.validator.validate(token(header(JWSAlgorithm.PS384), claims(), KEY));
		assertThat(claims.getClaims()).containsKey("tdx");
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(300));
	}

	@Test
	void validRs256TokenWithTheConfiguredJkuIsAccepted() throws Exception {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID())
			.jwkURL(URI.create("https://portal.trustauthority.intel.com/certs/"))
			.build();
		this.validator.validate(token(header, claims(), KEY));
	}

	@Test
	void otherAlgorithmsAreRefused() throws Exception {
		assertRefused(token(header(JWSAlgorithm.RS512), claims(), KEY), Reason.TOKEN_ALGORITHM_REFUSED,
				"unexpected token algorithm: RS512");
		JWSHeader hmac = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID()).build();
		String hmacToken = token(hmac, claims(), new MACSigner(new byte[32]));
		assertRefused(hmacToken, Reason.TOKEN_ALGORITHM_REFUSED, "HS256");
		assertThat(this.lookups).hasValue(0);
	}

	@Test
	void foreignJkuIsRefusedWithoutLookingUpAnyKey() throws Exception {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.PS384).keyID(KEY.getKeyID())
			.jwkURL(URI.create("https://attacker.example.com/certs"))
			.build();
		assertRefused(token(header, claims(), KEY), Reason.TOKEN_JKU_REFUSED, "https://attacker.example.com/certs");
		assertThat(this.lookups).hasValue(0);
	}

	@Test
	void missingKidIsRefused() throws Exception {
		assertRefused(token(new JWSHeader(JWSAlgorithm.PS384), claims(), KEY), Reason.TOKEN_MALFORMED,
				"attestation token missing kid header");
	}

	@Test
	void unknownKidIsRefused() throws Exception {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.PS384).keyID("unknown").build();
		assertRefused(token(header, claims(), KEY), Reason.TOKEN_KEY_UNKNOWN, "kid=unknown");
	}

	@Test
	void signatureByAnotherKeyIsRefused() throws Exception {
		assertRefused(token(header(JWSAlgorithm.PS384), claims(), OTHER_KEY), Reason.TOKEN_SIGNATURE_INVALID,
				"does not verify with key kid=signing-key");
	}

	@Test
	void tamperedPayloadIsRefused() throws Exception {
		String[] parts = token(header(JWSAlgorithm.PS384), claims(), KEY).split("\\.");
		JWTClaimsSet forged = new JWTClaimsSet.Builder(claims()).claim("tdx", Map.of("attester_tcb_status", "UpToDate"))
			.build();
		String tampered = parts[0] + "."
				+ Base64URL.encode(forged.toString()) + "." + parts[2];
		assertRefused(tampered, Reason.TOKEN_SIGNATURE_INVALID, "does not verify");
	}

	@Test
	void nonRsaKeyIsRefused() throws Exception {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.PS384).keyID(EC_KEY.getKeyID()).build();
		assertRefused(token(header, claims(), KEY), Reason.TOKEN_ALGORITHM_REFUSED, "is EC, expected RSA");
	}

	@Test
	void expiryIsCheckedWithClockSkew() throws Exception {
		JWTClaimsSet withinSkew = new JWTClaimsSet.Builder(claims()).expirationTime(Date.from(NOW.minusSeconds(59)))
			.build();
		this.validator.validate(token(header(JWSAlgorithm.PS384), withinSkew, KEY));
		JWTClaimsSet expired = new JWTClaimsSet.Builder(claims()).expirationTime(Date.from(NOW.minusSeconds(61)))
			.build();
		assertRefused(token(header(JWSAlgorithm.PS384), expired, KEY), Reason.TOKEN_EXPIRED,
				"attestation token expired at 2026-05-01T11:58:59Z");
		JWTClaimsSet noExpiry = new JWTClaimsSet.Builder(claims()).expirationTime(null).build();
		assertRefused(token(header(JWSAlgorithm.PS384), noExpiry, KEY), Reason.TOKEN_EXPIRED,
				"attestation token has no exp claim");
	}

	@Test
	void notBeforeIsCheckedWithClockSkew() throws Exception {
		JWTClaimsSet withinSkew = new JWTClaimsSet.Builder(claims()).notBeforeTime(Date.from(NOW.plusSeconds(59)))
			.build();
		this.validator.validate(token(header(JWSAlgorithm.PS384), withinSkew, KEY));
		JWTClaimsSet early = new JWTClaimsSet.Builder(claims()).notBeforeTime(Date.from(NOW.plusSeconds(61))).build();
		assertRefused(token(header(JWSAlgorithm.PS384), early, KEY), Reason.TOKEN_NOT_YET_VALID,
				"not valid before 2026-05-01T12:01:01Z");
	}

	@Test
	void issuerMustBeExpected() throws Exception {
		JWTClaimsSet other = new JWTClaimsSet.Builder(claims()).issuer("Someone Else").build();
		assertRefused(token(header(JWSAlgorithm.PS384), other, KEY), Reason.TOKEN_ISSUER_REFUSED,
				"issuer \"Someone Else\"");
		JWTClaimsSet none = new JWTClaimsSet.Builder(claims()).issuer(null).build();
		assertRefused(token(header(JWSAlgorithm.PS384), none, KEY), Reason.TOKEN_ISSUER_REFUSED, "(missing)");
	}

	@Test
	void garbageIsRefusedAsMalformed() {
		assertRefused("not.a.jwt", Reason.TOKEN_MALFORMED, "not a signed JWT");
		assertRefused("", Reason.TOKEN_MALFORMED, "not a signed JWT");
	}

	private void assertRefused(String token, Reason reason, String messagePart) {
		assertThatExceptionOfType(IntelTrustAuthorityException.class).isThrownBy(() -> this.validator.validate(token))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason))
			.withMessageContaining(messagePart);
	}

	private static JWSHeader header(JWSAlgorithm algorithm) {
		return new JWSHeader.Builder(algorithm).keyID(KEY.getKeyID()).build();
	}

	private static JWTClaimsSet claims() {
		return new JWTClaimsSet.Builder().issuer("Intel Trust Authority")
			.issueTime(Date.from(NOW))
			.notBeforeTime(Date.from(NOW))
			.expirationTime(Date.from(NOW.plusSeconds(300)))
			.claim("tdx", Map.of("attester_tcb_status", "UpToDate"))
			.build();
	}

	private static String token(JWSHeader header, JWTClaimsSet claims, RSAKey key) throws JOSEException {
		return token(header, claims, new RSASSASigner(key));
	}

	private static String token(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
		SignedJWT jwt = new SignedJWT(header, claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	private static RSAKey generateRsa(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ECKey generateEc(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
