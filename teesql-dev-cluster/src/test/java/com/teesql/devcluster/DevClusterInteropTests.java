package com.teesql.devcluster;

import java.nio.file.Files;
import java.nio.file.Path;

import com.teesql.devcluster.platform.IssuedKey;
import com.teesql.devcluster.platform.TlsKeyRequest;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.devcluster.support.ExternalTools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev cluster with clients we did not write: libpq's {@code psql} and OpenSSL's {@code s_client}. Skipped only
 * when the tool is not installed (CI installs both).
 */
class DevClusterInteropTests {

	@TempDir
	Path files;

	@Test
	void psqlConnectsToTheSimulatorModeSidecarWithSslmodeRequire() throws Exception {
		Assumptions.assumeTrue(ExternalTools.onPath("psql"), "psql is not installed");
		try (DevCluster cluster = DevCluster.start(DevClusterOptions.defaults().withSimulatorMode(true))) {
			ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-A", "-t", "-c",
					"select current_user || ' ' || (select count(*) from pg_roles where rolname like 'teesql_%')",
					"host=127.0.0.1 port=" + cluster.sidecarPort() + " user=" + ClusterRoles.READ_WRITE + " dbname="
							+ cluster.database() + " sslmode=require");
			psql.environment().put("PGPASSWORD", cluster.readWriteSecret());
			psql.environment().put("PGCONNECT_TIMEOUT", "10");
			assertThat(ExternalTools.run(psql).strip()).isEqualTo("teesql_readwrite 2");
		}
	}

	@Test
	void opensslStartTlsPostgresShowsTheRaTlsAttestationExtension() throws Exception {
		Assumptions.assumeTrue(ExternalTools.onPath("openssl"), "openssl is not installed");
		try (DevCluster cluster = DevCluster.start()) {
			// Mutual TLS: present a client certificate from the cluster's guest agent, as a workload would.
			IssuedKey client = cluster.issueCertificate(TlsKeyRequest.raTlsClient("openssl-interop"));
			Path cert = Files.writeString(this.files.resolve("client.pem"), String.join("", client.chainPem()));
			Path key = Files.writeString(this.files.resolve("client.key"), client.privateKeyPem());
			String handshake = ExternalTools.run(new ProcessBuilder("openssl", "s_client", "-starttls", "postgres",
					"-connect", "127.0.0.1:" + cluster.sidecarPort(), "-cert", cert.toString(), "-key", key.toString()));
			assertThat(handshake).contains("-----BEGIN CERTIFICATE-----");
			String serverPem = handshake.substring(handshake.indexOf("-----BEGIN CERTIFICATE-----"),
					handshake.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length());
			Path server = Files.writeString(this.files.resolve("server.pem"), serverPem + "\n");
			String text = ExternalTools
				.run(new ProcessBuilder("openssl", "x509", "-noout", "-text", "-in", server.toString()));
			assertThat(text).contains("1.3.6.1.4.1.62397.1.8");
		}
	}

}
