package com.teesql.spring.boot.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.QuoteVerifierSettings;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.manifest.ManifestResolver;
import com.teesql.jdbc.manifest.ManifestVerifier;
import com.teesql.jdbc.manifest.ManifestWatcher;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.SslNegotiation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for attested connections to a TeeSQL cluster. Every default is teesql-jdbc's, referred to
 * rather than repeated (the configuration metadata documents them; tests check both stay equal).
 *
 * @author teesql-spring-boot
 */
@ConfigurationProperties("teesql")
public class TeeSqlProperties implements Validator {

	/**
	 * Connection URI of the cluster, "postgresql://role[:cluster-secret]@host[:port]/database". The port defaults
	 * to 5433, the sidecar's RA-TLS port.
	 */
	private String url;

	/**
	 * Cluster secret (64 hexadecimal characters) used as the role's password. Overrides a password given in the
	 * URL.
	 */
	private String clusterSecret;

	/**
	 * Whether to accept servers whose certificate carries no RA-TLS attestation extension (non-TEE targets such as
	 * a dstack simulator). Never enable in production.
	 */
	private boolean allowSimulator;

	/**
	 * Timeout for the TCP connection to the sidecar.
	 */
	private Duration connectTimeout = RaTlsConnectorConfig.DEFAULT_CONNECT_TIMEOUT;

	/**
	 * Timeout for the whole RA-TLS handshake with the sidecar.
	 */
	private Duration handshakeTimeout = RaTlsConnectorConfig.DEFAULT_HANDSHAKE_TIMEOUT;

	/**
	 * How TLS starts: "direct" sends the TLS ClientHello first (required behind a dstack gateway), "postgres" sends
	 * the PostgreSQL SSLRequest first.
	 */
	private SslNegotiation sslNegotiation = RaTlsConnectorConfig.DEFAULT_SSL_NEGOTIATION;

	/**
	 * Whether to perform one RA-TLS handshake and full attestation verification of the cluster (in manifest mode:
	 * of the current leader) while the application starts, without sending SQL or the cluster secret, so that a
	 * misconfiguration stops the startup with a failure report instead of surfacing at the first request. Off by
	 * default so that an application can start while the cluster is briefly unreachable.
	 */
	private boolean verifyOnStartup;

	private final Dstack dstack = new Dstack();

	private final Attestation attestation = new Attestation();

	private final Manifest manifest = new Manifest();

	private final ReadOnly readOnly = new ReadOnly();

	private final Sidecar sidecar = new Sidecar();

	public String getUrl() {
		return this.url;
	}

	public void setUrl(String url) {
		this.url = url;
	}

	public String getClusterSecret() {
		return this.clusterSecret;
	}

	public void setClusterSecret(String clusterSecret) {
		this.clusterSecret = clusterSecret;
	}

	public boolean isAllowSimulator() {
		return this.allowSimulator;
	}

	public void setAllowSimulator(boolean allowSimulator) {
		this.allowSimulator = allowSimulator;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getHandshakeTimeout() {
		return this.handshakeTimeout;
	}

	public void setHandshakeTimeout(Duration handshakeTimeout) {
		this.handshakeTimeout = handshakeTimeout;
	}

	public SslNegotiation getSslNegotiation() {
		return this.sslNegotiation;
	}

	public void setSslNegotiation(SslNegotiation sslNegotiation) {
		this.sslNegotiation = sslNegotiation;
	}

	public boolean isVerifyOnStartup() {
		return this.verifyOnStartup;
	}

	public void setVerifyOnStartup(boolean verifyOnStartup) {
		this.verifyOnStartup = verifyOnStartup;
	}

	public Dstack getDstack() {
		return this.dstack;
	}

	public Attestation getAttestation() {
		return this.attestation;
	}

	public Manifest getManifest() {
		return this.manifest;
	}

	public ReadOnly getReadOnly() {
		return this.readOnly;
	}

	public Sidecar getSidecar() {
		return this.sidecar;
	}

	@Override
	public boolean supports(Class<?> type) {
		return TeeSqlProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		TeeSqlPropertiesValidation.validate((TeeSqlProperties) target, errors);
	}

	@Override
	public String toString() {
		// The cluster secret and the URL (which may carry it) are deliberately left out.
		return "TeeSqlProperties[allowSimulator=" + this.allowSimulator + ", sslNegotiation=" + this.sslNegotiation
				+ ", handshakeTimeout=" + this.handshakeTimeout + ", attestation=" + this.attestation + "]";
	}

	/**
	 * Access to the dstack guest agent, which issues this client's attested TLS certificate.
	 */
	public static class Dstack {

		/**
		 * Guest-agent endpoint: an "http(s)://" URL or a Unix-domain socket path. When unset, the
		 * DSTACK_SIMULATOR_ENDPOINT environment variable, then the standard socket paths (/var/run/dstack.sock,
		 * /run/dstack.sock, /var/run/dstack/dstack.sock, /run/dstack/dstack.sock) are used.
		 */
		private String endpoint;

		/**
		 * Timeout for requests to the guest agent.
		 */
		private Duration timeout = RaTlsConnectorConfig.DEFAULT_DSTACK_TIMEOUT;

		public String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(String endpoint) {
			this.endpoint = endpoint;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * The sidecar's HTTP API ("GET /health", "GET /attestation"), read by the actuator health and info
	 * contributors. Never used for SQL.
	 */
	public static class Sidecar {

		/**
		 * Base URL of the sidecar's HTTP API. When unset, the address given by the connection details source (such
		 * as the embedded dev cluster) is used, else "http://<target host>:8080".
		 */
		private URI httpUrl;

		/**
		 * Timeout for each request to the sidecar's HTTP API. Also the longest a health or info request waits for a
		 * check (a check still running then finishes in the background and its result is cached).
		 */
		private Duration timeout = Duration.ofSeconds(2);

		public URI getHttpUrl() {
			return this.httpUrl;
		}

		public void setHttpUrl(URI httpUrl) {
			this.httpUrl = httpUrl;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * What a server's attestation must prove before any SQL is sent.
	 */
	public static class Attestation {

		/**
		 * How the quote's signature is verified: "dcap" (local Intel DCAP verification), "intel-trust-authority"
		 * (Intel's attestation service) or "none" (no signature verification; development only, logged as a warning
		 * every time a pool starts).
		 */
		private VerifierKind verifier = QuoteVerifierSettings.DEFAULT_KIND;

		/**
		 * Whether to accept a TD whose debug attribute is set. Debug TDs have no confidentiality guarantees.
		 */
		private boolean allowDebugMode;

		/**
		 * Intel TCB statuses accepted from a verified quote. The platform operator must fix any other status.
		 */
		private List<String> acceptableTcbStatuses = new ArrayList<>(AttestationPolicy.TCB_STATUSES.stream()
			.filter(AttestationPolicy.DEFAULT_TCB_STATUSES::contains)
			.toList());

		/**
		 * MRTD measurements (96 hexadecimal characters each, "0x" prefix and case ignored) the server must match.
		 * Empty accepts any MRTD. An MRTD identifies an image, which anyone can deploy, so it is not an identity pin
		 * on its own (see require-identity).
		 */
		private List<String> allowedMrtd = new ArrayList<>();

		/**
		 * Allowed RTMR0 values (96 hexadecimal characters each). Empty accepts any.
		 */
		private List<String> allowedRtmr0 = new ArrayList<>();

		/**
		 * Allowed RTMR1 values (96 hexadecimal characters each). Empty accepts any.
		 */
		private List<String> allowedRtmr1 = new ArrayList<>();

		/**
		 * Allowed RTMR2 values (96 hexadecimal characters each). Empty accepts any.
		 */
		private List<String> allowedRtmr2 = new ArrayList<>();

		/**
		 * Allowed RTMR3 values (96 hexadecimal characters each). Empty accepts any.
		 */
		private List<String> allowedRtmr3 = new ArrayList<>();

		/**
		 * Allowed dstack compose hashes (64 hexadecimal characters each), taken from runtime events that must replay
		 * to RTMR3. Empty accepts any. An identity pin: at least one of allowed-app-id, allowed-compose-hash or
		 * kms-root-ca is required (see require-identity).
		 */
		private List<String> allowedComposeHash = new ArrayList<>();

		/**
		 * Allowed dstack app ids (40 hexadecimal characters each), taken from runtime events that must replay to
		 * RTMR3. Empty accepts any; with the dev cluster, empty means the dev cluster's own app id. An identity pin:
		 * at least one of allowed-app-id, allowed-compose-hash or kms-root-ca is required (see require-identity).
		 */
		private List<String> allowedAppId = new ArrayList<>();

		/**
		 * PEM or DER certificate of the dstack KMS root the server's certificate chain must anchor to. Unset
		 * disables chain pinning. An identity pin: at least one of allowed-app-id, allowed-compose-hash or kms-root-ca
		 * is required (see require-identity).
		 */
		private Resource kmsRootCa;

		/**
		 * Whether a connector refuses to start unless the cluster's identity is pinned by allowed-app-id,
		 * allowed-compose-hash or kms-root-ca (allowed-mrtd and allowed-rtmr* identify an image anyone can deploy,
		 * not a deployment, and do not count). Setting it to false accepts any genuine TDX machine and sends it the
		 * cluster secret: never in production. It is logged as a warning every time a pool starts and shown by the
		 * actuator. Not needed with allow-simulator or the dev cluster, which pins its own app-id.
		 */
		private boolean requireIdentity = RaTlsConnectorConfig.DEFAULT_REQUIRE_IDENTITY;

		/**
		 * How long a successful verification of a server certificate is reused, never beyond its collateral or
		 * token validity. Zero verifies every connection.
		 */
		private Duration cacheTtl = RaTlsConnectorConfig.DEFAULT_CACHE_TTL;

		private final Dcap dcap = new Dcap();

		private final IntelTrustAuthority intelTrustAuthority = new IntelTrustAuthority();

		public VerifierKind getVerifier() {
			return this.verifier;
		}

		public void setVerifier(VerifierKind verifier) {
			this.verifier = verifier;
		}

		public boolean isAllowDebugMode() {
			return this.allowDebugMode;
		}

		public void setAllowDebugMode(boolean allowDebugMode) {
			this.allowDebugMode = allowDebugMode;
		}

		public List<String> getAcceptableTcbStatuses() {
			return this.acceptableTcbStatuses;
		}

		public void setAcceptableTcbStatuses(List<String> acceptableTcbStatuses) {
			this.acceptableTcbStatuses = acceptableTcbStatuses;
		}

		public List<String> getAllowedMrtd() {
			return this.allowedMrtd;
		}

		public void setAllowedMrtd(List<String> allowedMrtd) {
			this.allowedMrtd = allowedMrtd;
		}

		public List<String> getAllowedRtmr0() {
			return this.allowedRtmr0;
		}

		public void setAllowedRtmr0(List<String> allowedRtmr0) {
			this.allowedRtmr0 = allowedRtmr0;
		}

		public List<String> getAllowedRtmr1() {
			return this.allowedRtmr1;
		}

		public void setAllowedRtmr1(List<String> allowedRtmr1) {
			this.allowedRtmr1 = allowedRtmr1;
		}

		public List<String> getAllowedRtmr2() {
			return this.allowedRtmr2;
		}

		public void setAllowedRtmr2(List<String> allowedRtmr2) {
			this.allowedRtmr2 = allowedRtmr2;
		}

		public List<String> getAllowedRtmr3() {
			return this.allowedRtmr3;
		}

		public void setAllowedRtmr3(List<String> allowedRtmr3) {
			this.allowedRtmr3 = allowedRtmr3;
		}

		public List<String> getAllowedComposeHash() {
			return this.allowedComposeHash;
		}

		public void setAllowedComposeHash(List<String> allowedComposeHash) {
			this.allowedComposeHash = allowedComposeHash;
		}

		public List<String> getAllowedAppId() {
			return this.allowedAppId;
		}

		public void setAllowedAppId(List<String> allowedAppId) {
			this.allowedAppId = allowedAppId;
		}

		public boolean isRequireIdentity() {
			return this.requireIdentity;
		}

		public void setRequireIdentity(boolean requireIdentity) {
			this.requireIdentity = requireIdentity;
		}

		public Resource getKmsRootCa() {
			return this.kmsRootCa;
		}

		public void setKmsRootCa(Resource kmsRootCa) {
			this.kmsRootCa = kmsRootCa;
		}

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

		public Dcap getDcap() {
			return this.dcap;
		}

		public IntelTrustAuthority getIntelTrustAuthority() {
			return this.intelTrustAuthority;
		}

		@Override
		public String toString() {
			return "Attestation[verifier=" + this.verifier + ", allowDebugMode=" + this.allowDebugMode
					+ ", acceptableTcbStatuses=" + this.acceptableTcbStatuses + ", allowedMrtd=" + this.allowedMrtd
					+ ", cacheTtl=" + this.cacheTtl + ", intelTrustAuthority=" + this.intelTrustAuthority + "]";
		}

	}

	/**
	 * Local Intel DCAP verification.
	 */
	public static class Dcap {

		/**
		 * Base URL of the PCCS or Intel PCS that serves collateral (TCB info, QE identity, CRLs) over the v4 API.
		 */
		private String pccsUrl = QuoteVerifierSettings.DEFAULT_PCCS_URL.toString();

		/**
		 * Directory with collateral files ("<FMSPC>.json"), for air-gapped deployments. When set, no PCCS is
		 * contacted.
		 */
		private Path collateralDir;

		/**
		 * Trust anchor replacing the embedded Intel SGX Root CA. Only for test platforms (such as the dev cluster's
		 * simulated one); never set it in production.
		 */
		private Resource rootCa;

		/**
		 * Timeout for each collateral request.
		 */
		private Duration timeout = QuoteVerifierSettings.DEFAULT_DCAP_TIMEOUT;

		public String getPccsUrl() {
			return this.pccsUrl;
		}

		public void setPccsUrl(String pccsUrl) {
			this.pccsUrl = pccsUrl;
		}

		public Path getCollateralDir() {
			return this.collateralDir;
		}

		public void setCollateralDir(Path collateralDir) {
			this.collateralDir = collateralDir;
		}

		public Resource getRootCa() {
			return this.rootCa;
		}

		public void setRootCa(Resource rootCa) {
			this.rootCa = rootCa;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Verification through Intel Trust Authority.
	 */
	public static class IntelTrustAuthority {

		/**
		 * API key. When unset, the INTEL_TRUST_AUTHORITY_API_KEY environment variable is used.
		 */
		private String apiKey;

		/**
		 * Base URL of the attestation API.
		 */
		private String baseUrl = QuoteVerifierSettings.DEFAULT_ITA_BASE_URL;

		/**
		 * URL of the key set that signs attestation tokens. A token naming another key-set URL is refused.
		 */
		private String jwksUrl = QuoteVerifierSettings.DEFAULT_ITA_JWKS_URL;

		/**
		 * Timeout for each request to Intel Trust Authority.
		 */
		private Duration timeout = QuoteVerifierSettings.DEFAULT_ITA_TIMEOUT;

		public String getApiKey() {
			return this.apiKey;
		}

		public void setApiKey(String apiKey) {
			this.apiKey = apiKey;
		}

		public String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public String getJwksUrl() {
			return this.jwksUrl;
		}

		public void setJwksUrl(String jwksUrl) {
			this.jwksUrl = jwksUrl;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		@Override
		public String toString() {
			// The API key is a secret.
			return "IntelTrustAuthority[baseUrl=" + this.baseUrl + ", jwksUrl=" + this.jwksUrl + "]";
		}

	}

	/**
	 * Leader discovery from the cluster's signed DNS manifest. When a domain is set, the host and port of
	 * {@code teesql.url} are replaced by the current leader's, and the DataSource follows leader changes.
	 */
	public static class Manifest {

		/**
		 * Cluster domain; the manifest is read from the TXT record "_teesql-leader.<domain>".
		 */
		private String domain;

		/**
		 * Address ("0x" + 40 hex) of the key that signs the manifest, as published by the operator. Required with a
		 * domain.
		 */
		private String signerAddress;

		/**
		 * Cluster contract address ("0x" + 40 hex) the manifest must be for, as published by the operator.
		 * Required with a domain: one signer may sign manifests for several clusters.
		 */
		private String clusterAddress;

		/**
		 * DNS resolvers to query ("host:port" or "host"). Empty uses the system resolvers.
		 */
		private List<String> resolvers = new ArrayList<>();

		/**
		 * How often the manifest is refreshed. It is also refreshed at once when the leader cannot be reached.
		 */
		private Duration refreshInterval = ManifestWatcher.DEFAULT_INTERVAL;

		/**
		 * Timeout for each DNS query.
		 */
		private Duration timeout = ManifestResolver.DEFAULT_TIMEOUT;

		/**
		 * Tolerated difference between this machine's clock and the signer's when checking expiry: a manifest is
		 * accepted until valid_until + clock-skew (this host's clock).
		 */
		private Duration clockSkew = ManifestVerifier.DEFAULT_CLOCK_SKEW;

		/**
		 * File that keeps the highest manifest epoch accepted per cluster across restarts, so that a former
		 * leader's still-valid manifest is not accepted again after a restart. Unset keeps the mark in memory only.
		 * Its directory must exist and be writable; an unreadable or corrupt file stops the startup (it is never
		 * reset silently).
		 */
		private Path epochStore;

		public String getDomain() {
			return this.domain;
		}

		public void setDomain(String domain) {
			this.domain = domain;
		}

		public String getSignerAddress() {
			return this.signerAddress;
		}

		public void setSignerAddress(String signerAddress) {
			this.signerAddress = signerAddress;
		}

		public String getClusterAddress() {
			return this.clusterAddress;
		}

		public void setClusterAddress(String clusterAddress) {
			this.clusterAddress = clusterAddress;
		}

		public List<String> getResolvers() {
			return this.resolvers;
		}

		public void setResolvers(List<String> resolvers) {
			this.resolvers = resolvers;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public Path getEpochStore() {
			return this.epochStore;
		}

		public void setEpochStore(Path epochStore) {
			this.epochStore = epochStore;
		}

	}

	/**
	 * Routing of read-only transactions to the "teesql_read" role.
	 */
	public static class ReadOnly {

		/**
		 * Whether read-only transactions ("@Transactional(readOnly = true)") use a separate pool logged in as
		 * "teesql_read". Requires leader discovery ("teesql.manifest.domain").
		 */
		private boolean enabled;

		/**
		 * Cluster secret for "teesql_read". Unset uses the main cluster secret (the read-write secret also
		 * authenticates as "teesql_read").
		 */
		private String clusterSecret;

		/**
		 * Sidecars ("host:port", for example standbys) that serve read-only transactions instead of the leader,
		 * used in rotation. Each is attested like the leader. Empty routes read-only transactions to the leader.
		 */
		private List<String> endpoints = new ArrayList<>();

		public List<String> getEndpoints() {
			return this.endpoints;
		}

		public void setEndpoints(List<String> endpoints) {
			this.endpoints = endpoints;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getClusterSecret() {
			return this.clusterSecret;
		}

		public void setClusterSecret(String clusterSecret) {
			this.clusterSecret = clusterSecret;
		}

		@Override
		public String toString() {
			return "ReadOnly[enabled=" + this.enabled + "]";
		}

	}

}
