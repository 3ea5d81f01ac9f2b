package com.teesql.jdbc.attestation;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;

import com.teesql.jdbc.attestation.dcap.PcsCollateralClient;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityConfig;

/**
 * Which {@link QuoteVerifier} a connector uses, and its settings: the only description of a verifier that the starter,
 * the CLI and the JDBC URL translate their options into. {@link QuoteVerifiers#create(QuoteVerifierSettings)} builds
 * the verifier. Immutable; the Intel Trust Authority API key is a secret and never part of {@link #toString()}.
 */
public final class QuoteVerifierSettings {

	/** The default verifier. */
	public static final VerifierKind DEFAULT_KIND = VerifierKind.DCAP;

	/** Where DCAP collateral comes from by default: Intel PCS. */
	public static final URI DEFAULT_PCCS_URL = PcsCollateralClient.INTEL_PCS;

	/** Timeout of each collateral request. */
	public static final Duration DEFAULT_DCAP_TIMEOUT = PcsCollateralClient.DEFAULT_TIMEOUT;

	/** Intel Trust Authority's attestation API. */
	public static final String DEFAULT_ITA_BASE_URL = IntelTrustAuthorityConfig.DEFAULT_BASE_URL;

	/** The key set that signs Intel Trust Authority tokens. */
	public static final String DEFAULT_ITA_JWKS_URL = IntelTrustAuthorityConfig.DEFAULT_JWKS_URL;

	/** Timeout of each request to Intel Trust Authority. */
	public static final Duration DEFAULT_ITA_TIMEOUT = IntelTrustAuthorityConfig.DEFAULT_REQUEST_TIMEOUT;

	/** DCAP against Intel's root with collateral from Intel PCS. */
	public static final QuoteVerifierSettings DEFAULT = builder().build();

	private final VerifierKind kind;

	private final X509Certificate dcapRootCa;

	private final URI pccsUrl;

	private final Path collateralDir;

	private final Duration dcapTimeout;

	private final String itaApiKey;

	private final String itaBaseUrl;

	private final String itaJwksUrl;

	private final Duration itaTimeout;

	private QuoteVerifierSettings(Builder builder) {
		this.kind = Objects.requireNonNull(builder.kind, "verifier kind");
		this.dcapRootCa = builder.dcapRootCa;
		this.pccsUrl = Objects.requireNonNull(builder.pccsUrl, "pccsUrl");
		this.collateralDir = builder.collateralDir;
		this.dcapTimeout = positive(builder.dcapTimeout, "dcapTimeout");
		this.itaApiKey = (builder.itaApiKey == null || builder.itaApiKey.isBlank()) ? null : builder.itaApiKey.trim();
		this.itaBaseUrl = Objects.requireNonNull(builder.itaBaseUrl, "itaBaseUrl");
		this.itaJwksUrl = Objects.requireNonNull(builder.itaJwksUrl, "itaJwksUrl");
		this.itaTimeout = positive(builder.itaTimeout, "itaTimeout");
	}

	private static Duration positive(Duration value, String name) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
		}
		return value;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder starting from these settings.
	 * @return the builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.kind = this.kind;
		builder.dcapRootCa = this.dcapRootCa;
		builder.pccsUrl = this.pccsUrl;
		builder.collateralDir = this.collateralDir;
		builder.dcapTimeout = this.dcapTimeout;
		builder.itaApiKey = this.itaApiKey;
		builder.itaBaseUrl = this.itaBaseUrl;
		builder.itaJwksUrl = this.itaJwksUrl;
		builder.itaTimeout = this.itaTimeout;
		return builder;
	}

	public VerifierKind kind() {
		return this.kind;
	}

	/**
	 * The DCAP trust anchor replacing the embedded Intel SGX Root CA (test platforms only).
	 * @return the root, or {@code null} for Intel's
	 */
	public X509Certificate dcapRootCa() {
		return this.dcapRootCa;
	}

	public URI pccsUrl() {
		return this.pccsUrl;
	}

	/**
	 * Offline collateral directory; when set, no PCCS is contacted.
	 * @return the directory, or {@code null}
	 */
	public Path collateralDir() {
		return this.collateralDir;
	}

	public Duration dcapTimeout() {
		return this.dcapTimeout;
	}

	/**
	 * The configured Intel Trust Authority API key. A secret: never log it.
	 * @return the key, or {@code null} to read {@value IntelTrustAuthorityConfig#API_KEY_ENVIRONMENT_VARIABLE}
	 */
	public String itaApiKey() {
		return this.itaApiKey;
	}

	public String itaBaseUrl() {
		return this.itaBaseUrl;
	}

	public String itaJwksUrl() {
		return this.itaJwksUrl;
	}

	public Duration itaTimeout() {
		return this.itaTimeout;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof QuoteVerifierSettings that)) {
			return false;
		}
		return this.kind == that.kind && Objects.equals(this.dcapRootCa, that.dcapRootCa)
				&& this.pccsUrl.equals(that.pccsUrl) && Objects.equals(this.collateralDir, that.collateralDir)
				&& this.dcapTimeout.equals(that.dcapTimeout) && Objects.equals(this.itaApiKey, that.itaApiKey)
				&& this.itaBaseUrl.equals(that.itaBaseUrl) && this.itaJwksUrl.equals(that.itaJwksUrl)
				&& this.itaTimeout.equals(that.itaTimeout);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.kind, this.dcapRootCa, this.pccsUrl, this.collateralDir, this.dcapTimeout,
				this.itaApiKey, this.itaBaseUrl, this.itaJwksUrl, this.itaTimeout);
	}

	@Override
	public String toString() {
		// The API key is a secret: only whether one is configured is shown.
		return switch (this.kind) {
			case DCAP -> "dcap[" + ((this.collateralDir != null) ? "collateralDir=" + this.collateralDir
					: "pccsUrl=" + this.pccsUrl) + ", rootCa="
					+ ((this.dcapRootCa != null) ? this.dcapRootCa.getSubjectX500Principal().getName() : "Intel SGX Root CA")
					+ ", timeout=" + this.dcapTimeout + "]";
			case INTEL_TRUST_AUTHORITY -> "intel-trust-authority[baseUrl=" + this.itaBaseUrl + ", jwksUrl="
					+ this.itaJwksUrl + ", timeout=" + this.itaTimeout + ", apiKey="
					+ ((this.itaApiKey != null) ? "(set)" : "(from " + IntelTrustAuthorityConfig.API_KEY_ENVIRONMENT_VARIABLE
							+ ")") + "]";
			case NONE -> "none";
		};
	}

	/**
	 * Builder for {@link QuoteVerifierSettings}; everything has a default.
	 */
	public static final class Builder {

		private VerifierKind kind = DEFAULT_KIND;

		private X509Certificate dcapRootCa;

		private URI pccsUrl = DEFAULT_PCCS_URL;

		private Path collateralDir;

		private Duration dcapTimeout = DEFAULT_DCAP_TIMEOUT;

		private String itaApiKey;

		private String itaBaseUrl = DEFAULT_ITA_BASE_URL;

		private String itaJwksUrl = DEFAULT_ITA_JWKS_URL;

		private Duration itaTimeout = DEFAULT_ITA_TIMEOUT;

		private Builder() {
		}

		public Builder kind(VerifierKind kind) {
			this.kind = kind;
			return this;
		}

		public Builder dcapRootCa(X509Certificate dcapRootCa) {
			this.dcapRootCa = dcapRootCa;
			return this;
		}

		public Builder pccsUrl(URI pccsUrl) {
			this.pccsUrl = pccsUrl;
			return this;
		}

		public Builder collateralDir(Path collateralDir) {
			this.collateralDir = collateralDir;
			return this;
		}

		public Builder dcapTimeout(Duration dcapTimeout) {
			this.dcapTimeout = dcapTimeout;
			return this;
		}

		/**
		 * The Intel Trust Authority API key.
		 * @param itaApiKey the key, or {@code null} to read
		 * {@value IntelTrustAuthorityConfig#API_KEY_ENVIRONMENT_VARIABLE} when the verifier is created
		 * @return this builder
		 */
		public Builder itaApiKey(String itaApiKey) {
			this.itaApiKey = itaApiKey;
			return this;
		}

		public Builder itaBaseUrl(String itaBaseUrl) {
			this.itaBaseUrl = itaBaseUrl;
			return this;
		}

		public Builder itaJwksUrl(String itaJwksUrl) {
			this.itaJwksUrl = itaJwksUrl;
			return this;
		}

		public Builder itaTimeout(Duration itaTimeout) {
			this.itaTimeout = itaTimeout;
			return this;
		}

		public QuoteVerifierSettings build() {
			return new QuoteVerifierSettings(this);
		}

	}

}
