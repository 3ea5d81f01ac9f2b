package com.teesql.jdbc.attestation.ita;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException.Reason;

/**
 * Checks an Intel Trust Authority attestation token: algorithm, {@code jku}, signature with a key from the
 * configured JWKS, and the {@code exp}, {@code nbf} and {@code iss} claims. Keys embedded in or referenced by the
 * token itself ({@code jwk}, {@code x5c}, {@code x5u}, a foreign {@code jku}) are never used.
 */
final class AttestationTokenValidator {

	/** What Intel Trust Authority signs with (PS384, requested) and what the official clients also accept. */
	static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(JWSAlgorithm.PS384, JWSAlgorithm.RS256);

	private final URI jwksUrl;

	private final JwkLookup keys;

	private final Set<String> expectedIssuers;

	private final Duration clockSkew;

	private final Clock clock;

	AttestationTokenValidator(URI jwksUrl, JwkLookup keys, Set<String> expectedIssuers, Duration clockSkew,
			Clock clock) {
		this.jwksUrl = jwksUrl;
		this.keys = keys;
		this.expectedIssuers = Set.copyOf(expectedIssuers);
		this.clockSkew = clockSkew;
		this.clock = clock;
	}

	/**
	 * Validate a token.
	 * @param token the compact JWT
	 * @return its claims, once every check passed
	 * @throws IntelTrustAuthorityException naming the failed check
	 */
	JWTClaimsSet validate(String token) throws IntelTrustAuthorityException {
		SignedJWT jwt = parse(token);
		JWSHeader header = jwt.getHeader();
		JWSAlgorithm algorithm = header.getAlgorithm();
		if (!ALLOWED_ALGORITHMS.contains(algorithm)) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_ALGORITHM_REFUSED,
					"unexpected token algorithm: " + algorithm + " (accepted: PS384, RS256)");
		}
		URI jku = header.getJWKURL();
		if (jku != null && !Endpoints.sameEndpoint(this.jwksUrl, jku)) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_JKU_REFUSED, "attestation token names JWKS " + jku
					+ " (jku) but only the configured JWKS " + this.jwksUrl + " is trusted");
		}
		String kid = header.getKeyID();
		if (kid == null || kid.isBlank()) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_MALFORMED, "attestation token missing kid header");
		}
		verifySignature(jwt, this.keys.find(kid), kid);
		JWTClaimsSet claims = claims(jwt);
		checkLifetime(claims);
		checkIssuer(claims);
		return claims;
	}

	private static SignedJWT parse(String token) throws IntelTrustAuthorityException {
		try {
			return SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_MALFORMED,
					"attestation token is not a signed JWT: " + ex.getMessage(), ex);
		}
	}

	private static void verifySignature(SignedJWT jwt, JWK key, String kid) throws IntelTrustAuthorityException {
		if (!(key instanceof RSAKey rsaKey)) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_ALGORITHM_REFUSED,
					"unsupported JWK algorithm: key kid=" + kid + " is " + key.getKeyType() + ", expected RSA");
		}
		boolean valid;
		try {
			valid = jwt.verify(new RSASSAVerifier(rsaKey.toRSAPublicKey()));
		}
		catch (JOSEException ex) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_SIGNATURE_INVALID,
					"attestation token signature cannot be checked with key kid=" + kid + ": " + ex.getMessage(), ex);
		}
		if (!valid) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_SIGNATURE_INVALID,
					"attestation token signature does not verify with key kid=" + kid);
		}
	}

	private static JWTClaimsSet claims(SignedJWT jwt) throws IntelTrustAuthorityException {
		try {
			return jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_MALFORMED,
					"attestation token claims are not a JSON object: " + ex.getMessage(), ex);
		}
	}

	private void checkLifetime(JWTClaimsSet claims) throws IntelTrustAuthorityException {
		Instant now = this.clock.instant();
		Date expiration = claims.getExpirationTime();
		if (expiration == null) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_EXPIRED, "attestation token has no exp claim");
		}
		if (now.isAfter(expiration.toInstant().plus(this.clockSkew))) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_EXPIRED, "attestation token expired at "
					+ expiration.toInstant() + " (now " + now + ", allowed clock skew " + this.clockSkew + ")");
		}
		Date notBefore = claims.getNotBeforeTime();
		if (notBefore != null && now.plus(this.clockSkew).isBefore(notBefore.toInstant())) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_NOT_YET_VALID, "attestation token is not valid before "
					+ notBefore.toInstant() + " (now " + now + ", allowed clock skew " + this.clockSkew + ")");
		}
	}

	private void checkIssuer(JWTClaimsSet claims) throws IntelTrustAuthorityException {
		String issuer = claims.getIssuer();
		if (issuer == null || !this.expectedIssuers.contains(issuer)) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_ISSUER_REFUSED,
					"attestation token issuer " + ((issuer != null) ? "\"" + issuer + "\"" : "(missing)")
							+ " is not one of the expected issuers " + this.expectedIssuers);
		}
	}

}
