package com.teesql.jdbc.attestation.ita;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException.Reason;

/**
 * The token signing keys from the configured JWKS URL, fetched with a deadline and reused for a while. A key id
 * that is not in the cached set triggers one refetch, so that a key rotation at Intel is picked up at once. Keys
 * are only ever taken from the configured URL, never from a URL named by a token.
 */
final class JwksCache implements JwkLookup {

	private static final Logger logger = LoggerFactory.getLogger(JwksCache.class);

	private final URI url;

	private final Duration ttl;

	private final Duration timeout;

	private final BoundedHttpClient http;

	private final Clock clock;

	private JWKSet keys;

	private Instant fetchedAt;

	JwksCache(URI url, Duration ttl, Duration timeout, BoundedHttpClient http, Clock clock) {
		this.url = url;
		this.ttl = ttl;
		this.timeout = timeout;
		this.http = http;
		this.clock = clock;
	}

	@Override
	public synchronized JWK find(String kid) throws IntelTrustAuthorityException {
		boolean fetchedNow = false;
		if (this.keys == null || isStale()) {
			refresh();
			fetchedNow = true;
		}
		JWK key = this.keys.getKeyByKeyId(kid);
		if (key == null && !fetchedNow) {
			logger.debug("kid {} not in the cached JWKS from {}; fetching it again", kid, this.url);
			refresh();
			key = this.keys.getKeyByKeyId(kid);
		}
		if (key == null) {
			throw new IntelTrustAuthorityException(Reason.TOKEN_KEY_UNKNOWN,
					"JWKS at " + this.url + " has no key with kid=" + kid);
		}
		return key;
	}

	private boolean isStale() {
		return !this.clock.instant().isBefore(this.fetchedAt.plus(this.ttl));
	}

	private void refresh() throws IntelTrustAuthorityException {
		HttpRequest request = HttpRequest.newBuilder(this.url)
			.timeout(this.timeout)
			.header("Accept", "application/json")
			.header("User-Agent", IntelTrustAuthorityVerifier.USER_AGENT)
			.GET()
			.build();
		BoundedHttpClient.Response response;
		try {
			response = this.http.send(request, this.timeout);
		}
		catch (TimeoutException ex) {
			throw new IntelTrustAuthorityException(Reason.JWKS_UNAVAILABLE,
					"JWKS fetch from " + this.url + " timed out after " + this.timeout.toMillis() + " ms", ex);
		}
		catch (IOException ex) {
			throw new IntelTrustAuthorityException(Reason.JWKS_UNAVAILABLE,
					"JWKS fetch from " + this.url + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IntelTrustAuthorityException(Reason.JWKS_UNAVAILABLE,
					"JWKS fetch from " + this.url + " was interrupted", ex);
		}
		if (!response.isSuccessful()) {
			throw new IntelTrustAuthorityException(Reason.JWKS_UNAVAILABLE, response.status(),
					"JWKS endpoint " + this.url + " returned " + response.status(), null);
		}
		try {
			this.keys = JWKSet.parse(new String(response.body(), StandardCharsets.UTF_8));
		}
		catch (ParseException | RuntimeException ex) {
			// nimbus answers a body of JSON null with a NullPointerException rather than a ParseException.
			throw new IntelTrustAuthorityException(Reason.JWKS_UNAVAILABLE,
					"decode JWKS from " + this.url + ": " + ex.getMessage(), ex);
		}
		this.fetchedAt = this.clock.instant();
		logger.debug("fetched {} token signing keys from {}", this.keys.size(), this.url);
	}

}
