package com.teesql.devcluster;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.teesql.devcluster.guestagent.GuestAgentSimulator;
import com.teesql.devcluster.pcs.DevPcsServer;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.CollateralKnobs;
import com.teesql.devcluster.platform.DevCertificateAuthority;
import com.teesql.devcluster.platform.DevKeyIssuer;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.IssuedKey;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.platform.TlsKeyRequest;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.devcluster.postgres.DevPostgres;
import com.teesql.devcluster.sidecar.Sidecar;
import com.teesql.devcluster.sidecar.SidecarConfig;
import com.teesql.devcluster.sidecar.SidecarStats;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.dcap.PcsCollateralClient;

/**
 * One local TeeSQL node for development and tests: a real PostgreSQL, a simulated TDX platform with its dev app CA,
 * a dstack guest-agent simulator (for clients' certificates) and an RA-TLS sidecar in front of PostgreSQL. Every
 * part listens on loopback only, on ephemeral ports, and {@link #close()} stops them all.
 *
 * @author teesql-spring-boot
 */
public final class DevCluster implements AutoCloseable {

	private static final HexFormat HEX = HexFormat.of();

	private final DevClusterOptions options;

	private final DevPostgres postgres;

	private final DevKeyIssuer issuer;

	private final GuestAgentSimulator guestAgent;

	private final Sidecar sidecar;

	private final DevPcsServer pcs;

	private final PlatformAttestationSource attestationSource;

	private final String readSecret;

	private final String readWriteSecret;

	private final TdIdentity td;

	private DevCluster(DevClusterOptions options, DevPostgres postgres, DevKeyIssuer issuer,
			GuestAgentSimulator guestAgent, Sidecar sidecar, DevPcsServer pcs,
			PlatformAttestationSource attestationSource, String readSecret, String readWriteSecret, TdIdentity td) {
		this.options = options;
		this.td = td;
		this.postgres = postgres;
		this.issuer = issuer;
		this.guestAgent = guestAgent;
		this.sidecar = sidecar;
		this.pcs = pcs;
		this.attestationSource = attestationSource;
		this.readSecret = readSecret;
		this.readWriteSecret = readWriteSecret;
	}

	/**
	 * Starts a node with {@link DevClusterOptions#defaults()}.
	 * @return the running cluster
	 */
	public static DevCluster start() {
		return start(DevClusterOptions.defaults());
	}

	/**
	 * Starts a node.
	 * @param options how to start
	 * @return the running cluster
	 */
	public static DevCluster start(DevClusterOptions options) {
		SecureRandom random = new SecureRandom();
		List<AutoCloseable> started = new ArrayList<>();
		try {
			DevPostgres postgres = DevPostgres.start();
			started.add(postgres);
			DevTdxPlatform platform = DevTdxPlatform.create(random);
			TdIdentity td = TdIdentity.random(random);
			DevCertificateAuthority ca = DevCertificateAuthority.create(HEX.formatHex(td.instanceId(), 0, 4), random);
			DevKeyIssuer issuer = new DevKeyIssuer(ca, platform, td, random);
			GuestAgentSimulator guestAgent = GuestAgentSimulator.start(issuer, platform, td, null);
			started.add(guestAgent);
			DevPcsServer pcs = DevPcsServer.start(platform);
			started.add(pcs);
			String readSecret = randomSecret(random);
			String readWriteSecret = randomSecret(random);
			// Extra roles get a backend password too, so that PostgreSQL (which does not know them) is really asked.
			String unknownRolePassword = randomSecret(random);
			IssuedKey serverKey = issueServerKey(issuer, options, options.serverKnobs());
			PlatformAttestationSource attestationSource = new PlatformAttestationSource(platform, td);
			attestationSource.apply(options.serverKnobs());
			SidecarConfig config = SidecarConfig.builder()
				.backend(postgres)
				.backendPassword((role) -> postgres.passwordOf(role)
					.or(() -> options.extraRoleSecrets().containsKey(role) ? Optional.of(unknownRolePassword)
							: Optional.empty()))
				.readSecret(readSecret)
				.readWriteSecret(readWriteSecret)
				.extraRoleSecrets(options.extraRoleSecrets())
				.serverCertificate(serverKey.privateKey(), serverKey.chain().toArray(X509Certificate[]::new))
				.requireClientCertificate(!options.simulatorMode())
				.clientTrustAnchors(List.of(ca.certificate()))
				.clientCertificateCheck(new ClientAttestationCheck())
				.attestationSource(attestationSource)
				.build();
			Sidecar sidecar = Sidecar.start(config);
			return new DevCluster(options, postgres, issuer, guestAgent, sidecar, pcs, attestationSource, readSecret,
					readWriteSecret, td);
		}
		catch (RuntimeException ex) {
			closeAll(started, ex);
			throw ex;
		}
	}

	private static IssuedKey issueServerKey(DevKeyIssuer issuer, DevClusterOptions options, AttestationKnobs knobs) {
		AttestationKnobs effective = options.simulatorMode() ? knobs.withRaTlsExtension(false) : knobs;
		TlsKeyRequest request = new TlsKeyRequest("teesql-dev-sidecar", List.of("localhost", "127.0.0.1"), true, true,
				false, null, null, false);
		return issuer.issue(request, effective);
	}

	private static String randomSecret(SecureRandom random) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return HEX.formatHex(bytes);
	}

	/**
	 * Replaces the sidecar's certificate with one attesting what the knobs say; new connections see it, and so does
	 * the sidecar's {@code /attestation} document (its quote describes the same TD).
	 * @param knobs what the new certificate attests
	 */
	public void reissueServerCertificate(AttestationKnobs knobs) {
		IssuedKey key = issueServerKey(this.issuer, this.options, knobs);
		this.sidecar.replaceServerCertificate(key.privateKey(), key.chain().toArray(X509Certificate[]::new));
		this.attestationSource.apply(knobs);
	}

	/**
	 * Host every part listens on.
	 * @return the loopback address
	 */
	public String host() {
		return "127.0.0.1";
	}

	/**
	 * Port of the RA-TLS listener (the ":5433" of a real node).
	 * @return the port
	 */
	public int sidecarPort() {
		return this.sidecar.port();
	}

	/**
	 * Port of the sidecar's HTTP API (the ":8080" of a real node).
	 * @return the port
	 */
	public int sidecarHttpPort() {
		return this.sidecar.httpPort();
	}

	/**
	 * HTTP endpoint of the guest-agent simulator, for {@code DSTACK_SIMULATOR_ENDPOINT}.
	 * @return the {@code http://127.0.0.1:<port>} URL
	 */
	public String guestAgentEndpoint() {
		return this.guestAgent.httpEndpoint();
	}

	/**
	 * Unix-domain socket of the guest-agent simulator (what {@code /var/run/dstack.sock} is in a CVM).
	 * @return the socket path
	 */
	public Path guestAgentSocket() {
		return this.guestAgent.socketPath();
	}

	/**
	 * The database behind the sidecar.
	 * @return the database name
	 */
	public String database() {
		return this.postgres.database();
	}

	/**
	 * The dstack app-id this cluster's node attests (in the runtime events of its certificate, replayed to RTMR3): the
	 * identity pin ({@code teesql.attestation.allowed-app-id}) of clients that trust this cluster and no other. Random
	 * per cluster, like a real deployment's.
	 * @return 40 lowercase hex characters
	 */
	public String appId() {
		return HEX.formatHex(this.td.appId());
	}

	/**
	 * The compose hash this cluster's node attests ({@code teesql.attestation.allowed-compose-hash}).
	 * @return 64 lowercase hex characters
	 */
	public String composeHash() {
		return HEX.formatHex(this.td.composeHash());
	}

	/**
	 * The secret that authenticates {@code teesql_read} only.
	 * @return 64 hex characters
	 */
	public String readSecret() {
		return this.readSecret;
	}

	/**
	 * The secret that authenticates {@code teesql_readwrite} (and {@code teesql_read}).
	 * @return 64 hex characters
	 */
	public String readWriteSecret() {
		return this.readWriteSecret;
	}

	/**
	 * The connection URI for a role, with the role's own secret.
	 * @param role {@code teesql_read}, {@code teesql_readwrite} or an extra role of the options
	 * @return the URI (it contains the secret: do not log it)
	 */
	public String dsn(String role) {
		return dsn(role, secretOf(role));
	}

	/**
	 * The connection URI for a role with the given secret.
	 * @param role the role
	 * @param secret the password to present
	 * @return the URI (it contains the secret: do not log it)
	 */
	public String dsn(String role, String secret) {
		return "postgresql://" + URLEncoder.encode(role, StandardCharsets.UTF_8) + ":" + secret + "@" + host() + ":"
				+ sidecarPort() + "/" + database();
	}

	private String secretOf(String role) {
		if (ClusterRoles.READ.equals(role)) {
			return this.readSecret;
		}
		if (ClusterRoles.READ_WRITE.equals(role)) {
			return this.readWriteSecret;
		}
		String secret = this.options.extraRoleSecrets().get(role);
		if (secret == null) {
			throw new IllegalArgumentException("Role '" + role + "' is not known to this dev cluster; use "
					+ ClusterRoles.READ + ", " + ClusterRoles.READ_WRITE + " or an extra role of its options");
		}
		return secret;
	}

	/**
	 * What the sidecar has seen so far (handshakes, StartupMessages, authentication failures, ...).
	 * @return the counters
	 */
	public SidecarStats sidecarStats() {
		return this.sidecar.stats();
	}

	/**
	 * The real PostgreSQL server.
	 * @return the server
	 */
	public DevPostgres postgres() {
		return this.postgres;
	}

	/**
	 * Base URL of the cluster's dev PCS, which serves signed collateral for its simulated platform on the Intel PCS
	 * v4 paths.
	 * @return the URL
	 */
	public URI pcsBaseUrl() {
		return this.pcs.baseUrl();
	}

	/**
	 * The simulated platform's root CA: what the Intel SGX Root CA is to real quotes.
	 * @return the root certificate
	 */
	public X509Certificate platformRootCertificate() {
		return this.pcs.rootCertificate();
	}

	/**
	 * Changes what the dev PCS publishes from now on (TCB status, revoked PCK, expired collateral, wrong QE identity).
	 * @param knobs the collateral knobs
	 */
	public void setCollateralKnobs(CollateralKnobs knobs) {
		this.pcs.setKnobs(knobs);
	}

	/**
	 * A DCAP verifier that trusts this cluster's simulated platform, with collateral from its dev PCS (cached until
	 * its {@code nextUpdate}, like the default Intel one).
	 * @return a new verifier
	 */
	public QuoteVerifier quoteVerifier() {
		return DcapQuoteVerifier.create(platformRootCertificate(), pcsBaseUrl(), null, PcsCollateralClient.DEFAULT_TIMEOUT);
	}

	/**
	 * The cluster's app CA (what the dstack KMS root is to a real cluster): every certificate its guest agents issue
	 * chains to it.
	 * @return the CA certificate
	 */
	public X509Certificate appCaCertificate() {
		return this.issuer.certificateAuthority().certificate();
	}

	/**
	 * Makes the client certificates the guest agent issues from now on expire after this long (see
	 * {@link GuestAgentSimulator#setCertificateLifetime(Duration)}).
	 * @param lifetime whole seconds, or {@code null} for the default
	 */
	public void setClientCertificateLifetime(Duration lifetime) {
		this.guestAgent.setCertificateLifetime(lifetime);
	}

	/**
	 * How many keys the guest agent has issued.
	 * @return the count
	 */
	public long clientCertificatesIssued() {
		return this.guestAgent.tlsKeysIssued();
	}

	/**
	 * Issues a certificate from the cluster's guest agent, as a workload in this cluster would get one.
	 * @param request what to issue
	 * @return the key and chain
	 */
	public IssuedKey issueCertificate(TlsKeyRequest request) {
		return this.issuer.issue(request, AttestationKnobs.genuine());
	}

	@Override
	public void close() {
		// Reverse start order: the sidecar stops accepting before its backend goes away.
		closeAll(List.of(this.postgres, this.guestAgent, this.pcs, this.sidecar), null);
	}

	private static void closeAll(List<AutoCloseable> parts, RuntimeException primary) {
		RuntimeException failure = primary;
		for (int i = parts.size() - 1; i >= 0; i--) {
			try {
				parts.get(i).close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = new IllegalStateException("Failed to stop the dev cluster cleanly", ex);
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (primary == null && failure != null) {
			throw failure;
		}
	}

	@Override
	public String toString() {
		return "DevCluster[sidecar=127.0.0.1:" + sidecarPort() + ", http=127.0.0.1:" + sidecarHttpPort()
				+ ", guestAgent=" + guestAgentEndpoint() + "]";
	}

}
