package com.teesql.devcluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.platform.EnvelopeKnobs;
import com.teesql.devcluster.postgres.ClusterRoles;

/**
 * Runs a dev cluster as a standalone process ({@code java -jar teesql-dev-cluster-<version>-exec.jar}) until it is
 * interrupted, and prints how to reach it. The printed secrets are the dev cluster's own, generated for this run:
 * a developer needs them to connect.
 *
 * @author teesql-spring-boot
 */
public final class DevClusterMain {

	private DevClusterMain() {
	}

	public static void main(String[] args) throws InterruptedException, IOException {
		boolean simulator = List.of(args).contains("--simulator");
		// --envelope=v1:gcp-tdx:dstack:mixed: the dstack attestation envelope the sidecar's certificate carries.
		EnvelopeKnobs envelope = List.of(args).stream()
			.filter((arg) -> arg.startsWith("--envelope="))
			.map((arg) -> EnvelopeKnobs.parse(arg.substring("--envelope=".length())))
			.reduce((first, second) -> second)
			.orElse(EnvelopeKnobs.dstackDefault());
		DevCluster cluster = DevCluster.start(DevClusterOptions.defaults().withSimulatorMode(simulator));
		if (!envelope.equals(EnvelopeKnobs.dstackDefault())) {
			cluster.reissueServerCertificate(AttestationKnobs.genuine().withEnvelope(envelope));
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			cluster.close();
			stopped.countDown();
		}, "teesql-dev-cluster-shutdown"));
		System.out.println("TeeSQL dev cluster is running" + (simulator ? " in simulator mode" : "") + ":");
		System.out.println("  RA-TLS sidecar      127.0.0.1:" + cluster.sidecarPort());
		System.out.println("  sidecar HTTP        http://127.0.0.1:" + cluster.sidecarHttpPort() + "/health, /attestation");
		System.out.println("  attestation         " + envelope.format() + " " + envelope.platform().kind() + " "
				+ envelope.stack().kind() + ", " + envelope.events() + " runtime events");
		System.out.println("  guest agent         " + cluster.guestAgentEndpoint() + " and unix:" + cluster.guestAgentSocket());
		System.out.println("  teesql.url          " + cluster.dsn(ClusterRoles.READ_WRITE));
		System.out.println("  read-only URL       " + cluster.dsn(ClusterRoles.READ));
		Path root = Files.createTempFile("teesql-dev-platform-root", ".pem");
		root.toFile().deleteOnExit();
		Files.writeString(root, "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder().encodeToString(encoded(cluster.platformRootCertificate()))
				+ "\n-----END CERTIFICATE-----\n");
		System.out.println("  dev PCS             " + cluster.pcsBaseUrl());
		System.out.println("  client settings     teesql.dstack.endpoint=" + cluster.guestAgentEndpoint()
				+ (simulator ? " teesql.allow-simulator=true" : " teesql.attestation.allowed-app-id=" + cluster.appId())
				+ " teesql.attestation.dcap.root-ca=file:" + root + " teesql.attestation.dcap.pccs-url="
				+ cluster.pcsBaseUrl());
		System.out.println("Press Ctrl+C to stop.");
		stopped.await();
	}

	private static byte[] encoded(X509Certificate certificate) {
		try {
			return certificate.getEncoded();
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
