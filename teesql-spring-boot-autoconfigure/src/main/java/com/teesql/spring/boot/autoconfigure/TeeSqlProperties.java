package com.teesql.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.tls.SslNegotiation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for attested connections to a TeeSQL cluster.
 *
 * @author teesql-spring-boot
 */
@ConfigurationProperties("teesql")
public class TeeSqlProperties {

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
	private Duration connectTimeout = Duration.ofSeconds(10);

	/**
	 * Timeout for the whole RA-TLS handshake with the sidecar.
	 */
	private Duration handshakeTimeout = Duration.ofSeconds(5);

	/**
	 * How TLS starts: "direct" sends the TLS ClientHello first (required behind a dstack gateway), "postgres" sends
	 * the PostgreSQL SSLRequest first.
	 */
	private SslNegotiation sslNegotiation = SslNegotiation.DIRECT;

	private final Dstack dstack = new Dstack();

	private final Attestation attestation = new Attestation();

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

	public Dstack getDstack() {
		return this.dstack;
	}

	public Attestation getAttestation() {
		return this.attestation;
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
		private Duration timeout = Duration.ofSeconds(10);

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
	 * What a server's attestation must prove before any SQL is sent.
	 */
	public static class Attestation {

		/**
		 * How the quote's signature is verified. "none" skips signature verification and is only for development;
		 * it is logged as a warning every time a pool starts.
		 */
		private VerifierKind verifier = VerifierKind.DCAP;

		/**
		 * Whether to accept a TD whose debug attribute is set. Debug TDs have no confidentiality guarantees.
		 */
		private boolean allowDebugMode;

		/**
		 * MRTD measurements (96 hexadecimal characters each, "0x" prefix and case ignored) the server must match.
		 * Empty accepts any MRTD.
		 */
		private List<String> allowedMrtd = new ArrayList<>();

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

		public List<String> getAllowedMrtd() {
			return this.allowedMrtd;
		}

		public void setAllowedMrtd(List<String> allowedMrtd) {
			this.allowedMrtd = allowedMrtd;
		}

		@Override
		public String toString() {
			return "Attestation[verifier=" + this.verifier + ", allowDebugMode=" + this.allowDebugMode
					+ ", allowedMrtd=" + this.allowedMrtd + "]";
		}

	}

}
