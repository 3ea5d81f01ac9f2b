package com.teesql.devcluster;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.DevKeyIssuer;
import com.teesql.devcluster.platform.IssuedKey;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.platform.TlsKeyRequest;
import com.teesql.devcluster.postgres.DevPostgres;
import com.teesql.devcluster.sidecar.Sidecar;
import com.teesql.devcluster.sidecar.SidecarConfig;

/**
 * Starts the sidecars of one node: each with a freshly issued RA-TLS certificate of the node's TD, on a new
 * ephemeral port, in front of the node's PostgreSQL as it runs at that moment. The node's {@code /attestation}
 * document quotes the TD its current certificate attests.
 */
final class NodeSidecarFactory {

	private final DevClusterBase.Parts cluster;

	private final TdIdentity td;

	private final DevKeyIssuer issuer;

	private final PlatformAttestationSource attestationSource;

	NodeSidecarFactory(DevClusterBase.Parts cluster, TdIdentity td, DevKeyIssuer issuer) {
		this.cluster = cluster;
		this.td = td;
		this.issuer = issuer;
		// One source for the node's successive sidecars: only the current one is open.
		this.attestationSource = new PlatformAttestationSource(cluster.platform(), td);
	}

	TdIdentity td() {
		return this.td;
	}

	/**
	 * Starts a sidecar whose certificate (and {@code /attestation} document) attests what the knobs say.
	 * @param backend the node's PostgreSQL
	 * @param knobs what the certificate attests
	 * @return the running sidecar
	 */
	Sidecar start(DevPostgres backend, AttestationKnobs knobs) {
		IssuedKey serverKey = issueServerKey(knobs);
		this.attestationSource.apply(knobs);
		SidecarConfig config = SidecarConfig.builder()
			.backend(backend)
			.backendPassword((role) -> backend.passwordOf(role)
				.or(() -> this.cluster.extraRoleSecrets().containsKey(role)
						? Optional.of(this.cluster.unknownRolePassword()) : Optional.empty()))
			.readSecret(this.cluster.readSecret())
			.readWriteSecret(this.cluster.readWriteSecret())
			.extraRoleSecrets(this.cluster.extraRoleSecrets())
			.serverCertificate(serverKey.privateKey(), serverKey.chain().toArray(X509Certificate[]::new))
			.requireClientCertificate(!this.cluster.simulatorMode())
			.clientTrustAnchors(List.of(this.cluster.ca().certificate()))
			.clientCertificateCheck(new ClientAttestationCheck())
			.attestationSource(this.attestationSource)
			.build();
		return Sidecar.start(config);
	}

	/**
	 * Replaces a sidecar's certificate with a new one of this node's TD attesting what the knobs say; new connections
	 * see it, and so does the {@code /attestation} document (its quote describes the same TD).
	 * @param sidecar the node's current sidecar
	 * @param knobs what the new certificate attests
	 */
	void reissue(Sidecar sidecar, AttestationKnobs knobs) {
		IssuedKey key = issueServerKey(knobs);
		sidecar.replaceServerCertificate(key.privateKey(), key.chain().toArray(X509Certificate[]::new));
		this.attestationSource.apply(knobs);
	}

	/** A server certificate of this node's TD; in simulator mode it never carries an RA-TLS extension. */
	private IssuedKey issueServerKey(AttestationKnobs knobs) {
		return this.issuer.issue(serverKeyRequest(),
				this.cluster.simulatorMode() ? knobs.withRaTlsExtension(false) : knobs);
	}

	private static TlsKeyRequest serverKeyRequest() {
		return new TlsKeyRequest("teesql-dev-sidecar", List.of("localhost", "127.0.0.1"), true, true, false, null,
				null, false);
	}

	@Override
	public String toString() {
		return "NodeSidecarFactory[simulatorMode=" + this.cluster.simulatorMode() + "]";
	}

}
