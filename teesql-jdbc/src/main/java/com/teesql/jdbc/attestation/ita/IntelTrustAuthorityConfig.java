package com.teesql.jdbc.attestation.ita;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Settings of the {@link IntelTrustAuthorityVerifier}: where Intel Trust Authority and its token signing keys are,
 * which token issuers are accepted, and the timeouts. The API key is a secret: it is never part of
 * {@link #toString()} or of any message.
 * <p>
 * Both URLs must use {@code https}, except on a loopback host (local test endpoints), so the API key and the
 * signing keys never travel in the clear.
 */
public final class IntelTrustAuthorityConfig {

	/** Environment variable consulted by {@link #resolveApiKey(String)}. */
	public static final String API_KEY_ENVIRONMENT_VARIABLE = "INTEL_TRUST_AUTHORITY_API_KEY";

	/** Intel Trust Authority's US endpoint; the EU one is {@code https://api.eu.trustauthority.intel.com}. */
	public static final String DEFAULT_BASE_URL = "https://api.trustauthority.intel.com";

	/** Where Intel publishes the keys that sign attestation tokens. */
	public static final String DEFAULT_JWKS_URL = "https://portal.trustauthority.intel.com/certs";

	/**
	 * Accepted {@code iss} values by default: Intel's documented sample tokens use {@code Intel Trust Authority};
	 * an older sample shows {@code Trust Authority}. Both are Intel's own names, and a token only counts if it is
	 * signed by a key from the configured JWKS anyway.
	 */
	public static final Set<String> DEFAULT_ISSUERS = Set.of("Intel Trust Authority", "Trust Authority");

	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

	public static final Duration DEFAULT_JWKS_TIMEOUT = Duration.ofSeconds(10);

	/** How long fetched signing keys are reused before the JWKS is fetched again. */
	public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(5);

	public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

	private final String apiKey;

	private final URI baseUrl;

	private final URI jwksUrl;

	private final Set<String> expectedIssuers;

	private final Duration requestTimeout;

	private final Duration jwksTimeout;

	private final Duration jwksCacheTtl;

	private final Duration clockSkew;

	private final Clock clock;

	private IntelTrustAuthorityConfig(Builder builder) {
		this.apiKey = checkApiKey(builder.apiKey);
		this.baseUrl = endpoint("base URL", trimTrailingSlashes(builder.baseUrl));
		this.jwksUrl = endpoint("JWKS URL", builder.jwksUrl);
		if (builder.expectedIssuers.isEmpty()) {
			throw new IllegalArgumentException("Intel Trust Authority expected issuers must not be empty");
		}
		this.expectedIssuers = Set.copyOf(builder.expectedIssuers);
		this.requestTimeout = positive("request timeout", builder.requestTimeout);
		this.jwksTimeout = positive("JWKS timeout", builder.jwksTimeout);
		this.jwksCacheTtl = notNegative("JWKS cache TTL", builder.jwksCacheTtl);
		this.clockSkew = notNegative("clock skew", builder.clockSkew);
		this.clock = Objects.requireNonNull(builder.clock, "clock");
	}

	/**
	 * The API key to use: the configured one if it is not blank, else the {@code INTEL_TRUST_AUTHORITY_API_KEY}
	 * environment variable if it is not blank.
	 * @param configured the configured key, may be {@code null}
	 * @return the key
	 * @throws IntelTrustAuthorityApiKeyMissingException if neither is set
	 */
	public static String resolveApiKey(String configured) throws IntelTrustAuthorityApiKeyMissingException {
		return resolveApiKey(configured, System::getenv);
	}

	static String resolveApiKey(String configured, UnaryOperator<String> environment)
			throws IntelTrustAuthorityApiKeyMissingException {
		if (configured != null && !configured.isBlank()) {
			return configured.trim();
		}
		String fromEnvironment = environment.apply(API_KEY_ENVIRONMENT_VARIABLE);
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return fromEnvironment.trim();
		}
		throw new IntelTrustAuthorityApiKeyMissingException();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The API key. Never log it.
	 * @return the key
	 */
	public String apiKey() {
		return this.apiKey;
	}

	/**
	 * The API base URL without trailing {@code /}.
	 * @return the base URL
	 */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * The attestation endpoint, {@code {base}/appraisal/v2/attest}.
	 * @return the URL
	 */
	public URI attestUrl() {
		return URI.create(this.baseUrl + "/appraisal/v2/attest");
	}

	/**
	 * The only JWKS the verifier takes signing keys from.
	 * @return the JWKS URL
	 */
	public URI jwksUrl() {
		return this.jwksUrl;
	}

	public Set<String> expectedIssuers() {
		return this.expectedIssuers;
	}

	public Duration requestTimeout() {
		return this.requestTimeout;
	}

	public Duration jwksTimeout() {
		return this.jwksTimeout;
	}

	public Duration jwksCacheTtl() {
		return this.jwksCacheTtl;
	}

	public Duration clockSkew() {
		return this.clockSkew;
	}

	public Clock clock() {
		return this.clock;
	}

	@Override
	public String toString() {
		return "IntelTrustAuthorityConfig[baseUrl=" + this.baseUrl + ", jwksUrl=" + this.jwksUrl + ", expectedIssuers="
				+ this.expectedIssuers + ", requestTimeout=" + this.requestTimeout + ", jwksTimeout="
				+ this.jwksTimeout + ", clockSkew=" + this.clockSkew + ", apiKey=(redacted)]";
	}

	private static String checkApiKey(String apiKey) {
		if (apiKey == null || apiKey.isBlank()) {
			throw new IllegalArgumentException("Intel Trust Authority API key must not be blank; "
					+ "use IntelTrustAuthorityConfig.resolveApiKey(...) to fall back to the environment");
		}
		String trimmed = apiKey.trim();
		// The key goes into an HTTP header; the message must not echo it, so it only names the length.
		for (int i = 0; i < trimmed.length(); i++) {
			char c = trimmed.charAt(i);
			if (c < 0x21 || c > 0x7e) {
				throw new IllegalArgumentException("Intel Trust Authority API key (" + trimmed.length()
						+ " characters) contains a character not allowed in an HTTP header at index " + i);
			}
		}
		return trimmed;
	}

	private static String trimTrailingSlashes(String url) {
		if (url == null) {
			return null;
		}
		String trimmed = url.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

	private static URI endpoint(String what, String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Intel Trust Authority " + what + " must not be blank");
		}
		URI uri;
		try {
			uri = new URI(value.trim());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException(
					"Intel Trust Authority " + what + " \"" + value + "\" is not a URL: " + ex.getMessage(), ex);
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
			throw new IllegalArgumentException("Intel Trust Authority " + what + " \"" + value
					+ "\" must be an absolute http(s) URL with a host");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
			throw new IllegalArgumentException("Intel Trust Authority " + what + " \"" + value
					+ "\" must not contain user info, a query or a fragment");
		}
		if (scheme.equals("http") && !Endpoints.isLoopback(uri.getHost())) {
			throw new IllegalArgumentException("Intel Trust Authority " + what + " \"" + value
					+ "\" must use https (plain http is only allowed on a loopback host)");
		}
		return uri;
	}

	private static Duration positive(String what, Duration value) {
		Objects.requireNonNull(value, what);
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException("Intel Trust Authority " + what + " must be positive but was " + value);
		}
		return value;
	}

	private static Duration notNegative(String what, Duration value) {
		Objects.requireNonNull(value, what);
		if (value.isNegative()) {
			throw new IllegalArgumentException(
					"Intel Trust Authority " + what + " must not be negative but was " + value);
		}
		return value;
	}

	/**
	 * Builder for {@link IntelTrustAuthorityConfig}. Everything but the API key has a default.
	 */
	public static final class Builder {

		private String apiKey;

		private String baseUrl = DEFAULT_BASE_URL;

		private String jwksUrl = DEFAULT_JWKS_URL;

		private Set<String> expectedIssuers = DEFAULT_ISSUERS;

		private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

		private Duration jwksTimeout = DEFAULT_JWKS_TIMEOUT;

		private Duration jwksCacheTtl = DEFAULT_JWKS_CACHE_TTL;

		private Duration clockSkew = DEFAULT_CLOCK_SKEW;

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * The API key, typically {@code resolveApiKey(configured)}.
		 * @param apiKey the key
		 * @return this builder
		 */
		public Builder apiKey(String apiKey) {
			this.apiKey = apiKey;
			return this;
		}

		/**
		 * The API base URL; trailing {@code /} are removed.
		 * @param baseUrl the URL
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		/**
		 * The JWKS URL; tokens naming another {@code jku} are refused.
		 * @param jwksUrl the URL
		 * @return this builder
		 */
		public Builder jwksUrl(String jwksUrl) {
			this.jwksUrl = jwksUrl;
			return this;
		}

		/**
		 * The accepted token issuers ({@code iss}).
		 * @param issuers one or more issuers
		 * @return this builder
		 */
		public Builder expectedIssuers(Set<String> issuers) {
			Set<String> copy = new LinkedHashSet<>();
			for (String issuer : issuers) {
				if (issuer == null || issuer.isBlank()) {
					throw new IllegalArgumentException("Intel Trust Authority expected issuer must not be blank");
				}
				copy.add(issuer);
			}
			this.expectedIssuers = copy;
			return this;
		}

		/**
		 * Accept exactly one token issuer.
		 * @param issuer the issuer
		 * @return this builder
		 */
		public Builder expectedIssuer(String issuer) {
			return expectedIssuers(Set.of(issuer));
		}

		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
			return this;
		}

		public Builder jwksTimeout(Duration jwksTimeout) {
			this.jwksTimeout = jwksTimeout;
			return this;
		}

		public Builder jwksCacheTtl(Duration jwksCacheTtl) {
			this.jwksCacheTtl = jwksCacheTtl;
			return this;
		}

		public Builder clockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Build the configuration.
		 * @return the configuration
		 * @throws IllegalArgumentException naming the offending setting (never the API key value)
		 */
		public IntelTrustAuthorityConfig build() {
			return new IntelTrustAuthorityConfig(this);
		}

		@Override
		public String toString() {
			return "IntelTrustAuthorityConfig.Builder[baseUrl=" + this.baseUrl + ", jwksUrl=" + this.jwksUrl
					+ ", apiKey=(redacted)]";
		}

	}

}
