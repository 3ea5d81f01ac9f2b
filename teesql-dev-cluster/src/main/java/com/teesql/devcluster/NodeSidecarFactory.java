package com.teesql.devcluster;

import java.security.cert.X509Certificate;
import java.util.List;

import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.DevCertificateAuthority;
import com.teesql.devcluster.platform.DevKeyIssuer;
import com.teesql.devcluster.platform.DevTdxPlatform;
import com.teesql.devcluster.platform.IssuedKey;
import com.teesql.devcluster.platform.TdIdentity;
import com.teesql.devcluster.platform.TlsKeyRequest;
import com.teesql.devcluster.postgres.PostgresNode;
import com.teesql.devcluster.sidecar.Sidecar;
import com.teesql.devcluster.sidecar.SidecarConfig;

/**
 * Starts the sidecars of one node: each with a freshly issued RA-TLS certificate of the node's TD, on a new
 * ephemeral port, in front of the node's PostgreSQL as it runs at that moment.
 */
final class NodeSidecarFactory {

	private final DevCertificateAuthority ca;

	private final DevTdxPlatform platform;

	private final TdIdentity td;

	private final DevKeyIssuer issuer;

	private final boolean simulatorMode;

	private final String readSecret;

	private final String readWriteSecret;

	NodeSidecarFactory(DevCertificateAuthority ca, DevTdxPlatform platform, TdIdentity td, DevKeyIssuer issuer,
			boolean simulatorMode, String readSecret, String readWriteSecret) {
		this.ca = ca;
		this.platform = platform;
		this.td = td;
		this.issuer = issuer;
		this.simulatorMode = simulatorMode;
		this.readSecret = readSecret;
		this.readWriteSecret = readWriteSecret;
	}

	TdIdentity td() {
		return this.td;
	}

	Sidecar start(PostgresNode postgres) {
		IssuedKey serverKey = issueServerKey(AttestationKnobs.genuine());
		SidecarConfig config = SidecarConfig.builder()
			.backend(postgres.server())
			.readSecret(this.readSecret)
			.readWriteSecret(this.readWriteSecret)
			.serverCertificate(serverKey.privateKey(), serverKey.chain().toArray(X509Certificate[]::new))
			.requireClientCertificate(!this.simulatorMode)
			.clientTrustAnchors(List.of(this.ca.certificate()))
			.clientCertificateCheck(new ClientAttestationCheck())
			.attestationSource(new PlatformAttestationSource(this.platform, this.td))
			.build();
		return Sidecar.start(config);
	}

	/**
	 * A server certificate of this node's TD; in simulator mode it never carries an RA-TLS extension.
	 * @param knobs what the certificate attests
	 * @return the key and chain
	 */
	IssuedKey issueServerKey(AttestationKnobs knobs) {
		return this.issuer.issue(serverKeyRequest(), this.simulatorMode ? knobs.withRaTlsExtension(false) : knobs);
	}

	private static TlsKeyRequest serverKeyRequest() {
		return new TlsKeyRequest("teesql-dev-sidecar", List.of("localhost", "127.0.0.1"), true, true, false, null,
				null, false);
	}

	@Override
	public String toString() {
		return "NodeSidecarFactory[simulatorMode=" + this.simulatorMode + "]";
	}

}
