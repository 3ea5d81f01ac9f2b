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
import java.util.Map;

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
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.dcap.PcsCollateralClient;

/**
 * What every local TeeSQL cluster has, however many nodes it runs: one simulated TDX platform with its dev PCS, one
 * app CA, one guest agent (for clients' certificates), the role secrets every node accepts and the app identity every
 * node attests. A {@link DevCluster} adds one node in front of a single PostgreSQL, a {@link DevClusterGroup} several
 * nodes joined by streaming replication; both start their nodes' sidecars with a {@link NodeSidecarFactory} and close
 * through {@link #close()}, in reverse start order.
 *
 * @author teesql-spring-boot
 */
public abstract sealed class DevClusterBase implements AutoCloseable permits DevCluster, DevClusterGroup {

	static final HexFormat HEX = HexFormat.of();

	private final Parts parts;

	private boolean closed;

	DevClusterBase(Parts parts) {
		this.parts = parts;
	}

	/**
	 * Host every part listens on.
	 * @return the loopback address
	 */
	public String host() {
		return "127.0.0.1";
	}

	/**
	 * The database behind the sidecars.
	 * @return the database name
	 */
	public abstract String database();

	/**
	 * Port of the RA-TLS listener that {@link #dsn(String)} names: the only node's, or the current leader's.
	 * @return the port
	 */
	abstract int dsnPort();

	/**
	 * The dstack app-id every node attests (in the runtime events of its certificate, replayed to RTMR3; nodes differ
	 * only in their instance id): the identity pin ({@code teesql.attestation.allowed-app-id}) of clients that trust
	 * this cluster and no other. Random per cluster, like a real deployment's.
	 * @return 40 lowercase hex characters
	 */
	public String appId() {
		return HEX.formatHex(this.parts.app().appId());
	}

	/**
	 * The compose hash every node attests ({@code teesql.attestation.allowed-compose-hash}).
	 * @return 64 lowercase hex characters
	 */
	public String composeHash() {
		return HEX.formatHex(this.parts.app().composeHash());
	}

	/**
	 * HTTP endpoint of the guest-agent simulator, for {@code DSTACK_SIMULATOR_ENDPOINT}.
	 * @return the {@code http://127.0.0.1:<port>} URL
	 */
	public String guestAgentEndpoint() {
		return this.parts.guestAgent().httpEndpoint();
	}

	/**
	 * Unix-domain socket of the guest-agent simulator (what {@code /var/run/dstack.sock} is in a CVM).
	 * @return the socket path
	 */
	public Path guestAgentSocket() {
		return this.parts.guestAgent().socketPath();
	}

	/**
	 * The secret that authenticates {@code teesql_read} only, on every node.
	 * @return 64 hex characters
	 */
	public String readSecret() {
		return this.parts.readSecret();
	}

	/**
	 * The secret that authenticates {@code teesql_readwrite} (and {@code teesql_read}), on every node.
	 * @return 64 hex characters
	 */
	public String readWriteSecret() {
		return this.parts.readWriteSecret();
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
		return dsn(dsnPort(), role, secret);
	}

	final String dsn(int port, String role, String secret) {
		return "postgresql://" + URLEncoder.encode(role, StandardCharsets.UTF_8) + ":" + secret + "@" + host() + ":"
				+ port + "/" + database();
	}

	final String secretOf(String role) {
		if (ClusterRoles.READ.equals(role)) {
			return readSecret();
		}
		if (ClusterRoles.READ_WRITE.equals(role)) {
			return readWriteSecret();
		}
		String secret = this.parts.extraRoleSecrets().get(role);
		if (secret == null) {
			throw new IllegalArgumentException("Role '" + role + "' is not known to this dev cluster; use "
					+ ClusterRoles.READ + ", " + ClusterRoles.READ_WRITE
					+ (this.parts.extraRoleSecrets().isEmpty() ? "" : " or an extra role of its options"));
		}
		return secret;
	}

	/**
	 * Base URL of the cluster's dev PCS, which serves signed collateral for its simulated platform on the Intel PCS
	 * v4 paths.
	 * @return the URL
	 */
	public URI pcsBaseUrl() {
		return this.parts.pcs().baseUrl();
	}

	/**
	 * The simulated platform's root CA: what the Intel SGX Root CA is to real quotes.
	 * @return the root certificate
	 */
	public X509Certificate platformRootCertificate() {
		return this.parts.pcs().rootCertificate();
	}

	/**
	 * Changes what the dev PCS publishes from now on (TCB status, revoked PCK, expired collateral, wrong QE identity).
	 * @param knobs the collateral knobs
	 */
	public void setCollateralKnobs(CollateralKnobs knobs) {
		this.parts.pcs().setKnobs(knobs);
	}

	/**
	 * A DCAP verifier that trusts this cluster's simulated platform, with collateral from its dev PCS (cached until
	 * its {@code nextUpdate}, like the default Intel one).
	 * @return a new verifier
	 */
	public QuoteVerifier quoteVerifier() {
		return DcapQuoteVerifier.create(platformRootCertificate(), pcsBaseUrl(), null,
				PcsCollateralClient.DEFAULT_TIMEOUT);
	}

	/**
	 * The cluster's app CA (what the dstack KMS root is to a real cluster): every node's sidecar certificate and every
	 * certificate its guest agent issues chains to it.
	 * @return the CA certificate
	 */
	public X509Certificate appCaCertificate() {
		return this.parts.ca().certificate();
	}

	/**
	 * Makes the client certificates the guest agent issues from now on expire after this long (see
	 * {@link GuestAgentSimulator#setCertificateLifetime(Duration)}).
	 * @param lifetime whole seconds, or {@code null} for the default
	 */
	public void setClientCertificateLifetime(Duration lifetime) {
		this.parts.guestAgent().setCertificateLifetime(lifetime);
	}

	/**
	 * How many keys the guest agent has issued.
	 * @return the count
	 */
	public long clientCertificatesIssued() {
		return this.parts.guestAgent().tlsKeysIssued();
	}

	/**
	 * Issues a certificate from the cluster's guest agent, as a workload in this cluster would get one.
	 * @param request what to issue
	 * @return the key and chain
	 */
	public IssuedKey issueCertificate(TlsKeyRequest request) {
		return this.parts.clientIssuer().issue(request, AttestationKnobs.genuine());
	}

	/**
	 * The parts the nodes run on top of the shared ones, in start order; {@link #close()} closes them first, last
	 * started first, so that sidecars stop accepting before their backends go away.
	 * @return the node parts
	 */
	abstract List<AutoCloseable> nodeParts();

	/**
	 * Stops every sidecar and PostgreSQL server, the dev PCS and the guest agent. Closing again does nothing.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		List<AutoCloseable> all = new ArrayList<>(List.of(this.parts.guestAgent(), this.parts.pcs()));
		all.addAll(nodeParts());
		closeAll(all, null);
	}

	final synchronized boolean isClosed() {
		return this.closed;
	}

	/**
	 * Closes in reverse start order; the first failure is thrown after all were tried (the others suppressed), or
	 * added to {@code primary} when a start failed.
	 * @param started what was started, in order
	 * @param primary the failure of a start being undone, or {@code null} on a regular close
	 */
	static void closeAll(List<AutoCloseable> started, RuntimeException primary) {
		RuntimeException failure = primary;
		for (int i = started.size() - 1; i >= 0; i--) {
			try {
				started.get(i).close();
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

	static String randomHex(SecureRandom random, int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return HEX.formatHex(value);
	}

	/**
	 * The parts every node shares.
	 * @param platform the simulated TDX platform every TD runs on
	 * @param ca the app CA
	 * @param app the app identity every node attests
	 * @param clientIssuer issues the guest agent's (clients') certificates
	 * @param guestAgent the guest-agent simulator
	 * @param pcs the dev PCS
	 * @param simulatorMode whether sidecars present certificates without an RA-TLS extension and want none from
	 * clients
	 * @param readSecret the secret of {@code teesql_read}
	 * @param readWriteSecret the secret of {@code teesql_readwrite}
	 * @param extraRoleSecrets roles beyond the two, with their secrets
	 * @param unknownRolePassword the backend password the sidecars present for extra roles PostgreSQL does not know
	 */
	record Parts(DevTdxPlatform platform, DevCertificateAuthority ca, TdIdentity app, DevKeyIssuer clientIssuer,
			GuestAgentSimulator guestAgent, DevPcsServer pcs, boolean simulatorMode, String readSecret,
			String readWriteSecret, Map<String, String> extraRoleSecrets, String unknownRolePassword) {

		/**
		 * Creates the platform and the app CA, starts the guest agent and the dev PCS; both are added to {@code started}, to be closed if what follows
		 * fails.
		 * @param random the randomness of keys and secrets
		 * @param app the app identity every node attests
		 * @param clientTd the TD the guest agent quotes
		 * @param caId names the app CA
		 * @param simulatorMode see {@link #simulatorMode()}
		 * @param extraRoleSecrets see {@link #extraRoleSecrets()}
		 * @param started what was started so far
		 * @return the parts
		 */
		static Parts start(SecureRandom random, TdIdentity app, TdIdentity clientTd, String caId,
				boolean simulatorMode, Map<String, String> extraRoleSecrets, List<AutoCloseable> started) {
			DevTdxPlatform platform = DevTdxPlatform.create(random);
			DevCertificateAuthority ca = DevCertificateAuthority.create(caId, random);
			DevKeyIssuer clientIssuer = new DevKeyIssuer(ca, platform, clientTd, random);
			GuestAgentSimulator guestAgent = GuestAgentSimulator.start(clientIssuer, platform, clientTd, null);
			started.add(guestAgent);
			DevPcsServer pcs = DevPcsServer.start(platform);
			started.add(pcs);
			// Extra roles get a backend password too, so that PostgreSQL (which does not know them) is really asked.
			return new Parts(platform, ca, app, clientIssuer, guestAgent, pcs, simulatorMode, randomHex(random, 32),
					randomHex(random, 32), Map.copyOf(extraRoleSecrets), randomHex(random, 32));
		}

		/**
		 * The sidecar factory of one node.
		 * @param td the node's TD
		 * @param random the randomness of its keys
		 * @return the factory
		 */
		NodeSidecarFactory sidecarFactory(TdIdentity td, SecureRandom random) {
			return new NodeSidecarFactory(this, td, new DevKeyIssuer(this.ca, this.platform, td, random));
		}

	}

}
