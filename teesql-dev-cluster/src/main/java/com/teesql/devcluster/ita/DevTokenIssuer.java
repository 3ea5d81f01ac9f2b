package com.teesql.devcluster.ita;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.TdxQuote;

/**
 * Holds the dev authority's signing keys and turns a parsed quote into a signed attestation token shaped like Intel
 * Trust Authority's.
 */
final class DevTokenIssuer {

	/** The issuer Intel's documented tokens carry. */
	static final String ISSUER = "Intel Trust Authority";

	private static final Duration LIFETIME = Duration.ofMinutes(30);

	private final SecureRandom random;

	private final Clock clock;

	private final List<RSAKey> published = new ArrayList<>();

	private RSAKey current;

	private RSAKey unpublished;

	private RSAKey impostor;

	DevTokenIssuer(SecureRandom random, Clock clock) {
		this.random = random;
		this.clock = clock;
		this.current = DevSigningKey.generate(random, null);
		this.published.add(this.current);
	}

	/**
	 * Sign with a new key from now on; the previous key stays published, as during a real rotation.
	 * @return the new key id
	 */
	synchronized String rotate() {
		this.current = DevSigningKey.generate(this.random, null);
		this.published.add(this.current);
		this.impostor = null;
		return this.current.getKeyID();
	}

	synchronized String currentKeyId() {
		return this.current.getKeyID();
	}

	/**
	 * The public JWKS document.
	 * @return the JSON object
	 */
	synchronized Map<String, Object> jwks() {
		List<JWK> keys = new ArrayList<>();
		for (RSAKey key : this.published) {
			keys.add(key.toPublicJWK());
		}
		return new JWKSet(keys).toJSONObject(true);
	}

	/**
	 * Issue a token about a quote.
	 * @param quote the appraised quote
	 * @param options the token shape
	 * @return the compact JWT
	 */
	String issue(TdxQuote quote, TokenOptions options) {
		RSAKey key = signingKey(options.signingKey());
		Instant now = this.clock.instant();
		Instant issuedAt = options.expired() ? now.minus(LIFETIME.multipliedBy(2)) : now;
		JWSHeader header = new JWSHeader.Builder(options.algorithm()).type(JOSEObjectType.JWT)
			.keyID(key.getKeyID())
			.jwkURL(URI.create(options.jku()))
			.build();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.issueTime(Date.from(issuedAt))
			.notBeforeTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(LIFETIME)))
			.jwtID(UUID.randomUUID().toString())
			.claim("ver", "2.0.0");
		Map<String, Object> tdx = tdxClaims(quote, options);
		if (options.claimsAtTopLevel()) {
			tdx.forEach(claims::claim);
		}
		else {
			claims.claim("tdx", tdx);
		}
		SignedJWT jwt = new SignedJWT(header, claims.build());
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("signing with a fresh RSA-3072 key failed", ex);
		}
		return jwt.serialize();
	}

	private static Map<String, Object> tdxClaims(TdxQuote quote, TokenOptions options) {
		Map<String, Object> tdx = new LinkedHashMap<>();
		tdx.put("attester_type", "TDX");
		tdx.put("attester_tcb_status", options.tcbStatus());
		tdx.put("attester_advisory_ids", options.advisoryIds());
		tdx.put("tdx_mrtd", (options.mrTdOverride() != null) ? options.mrTdOverride() : quote.mrTdHex());
		for (int i = 0; i < 4; i++) {
			tdx.put("tdx_rtmr" + i, quote.rtmrHex(i));
		}
		if (!options.omitReportData()) {
			tdx.put("tdx_report_data", Hex.encode(quote.reportData()));
		}
		tdx.put("tdx_is_debuggable", quote.isDebug());
		tdx.put("tdx_td_attributes_debug", quote.isDebug());
		return tdx;
	}

	/**
	 * Generate the key this choice signs with now, if it does not exist yet.
	 * @param which the key choice
	 */
	void prepare(TokenSigningKey which) {
		signingKey(which);
	}

	private synchronized RSAKey signingKey(TokenSigningKey which) {
		return switch (which) {
			case PUBLISHED -> this.current;
			case UNPUBLISHED -> {
				if (this.unpublished == null) {
					this.unpublished = DevSigningKey.generate(this.random, null);
				}
				yield this.unpublished;
			}
			case IMPOSTOR -> {
				if (this.impostor == null) {
					this.impostor = DevSigningKey.generate(this.random, this.current.getKeyID());
				}
				yield this.impostor;
			}
		};
	}

}
