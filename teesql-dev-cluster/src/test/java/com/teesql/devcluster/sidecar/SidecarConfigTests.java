package com.teesql.devcluster.sidecar;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SidecarConfig}.
 */
class SidecarConfigTests {

	private static final String READ = "1".repeat(64);

	private static final String READ_WRITE = "2".repeat(64);

	private static final TestCertificates.Issued server = TestCertificates.serverCertificate("config-test");

	private static SidecarConfig.Builder valid() {
		return SidecarConfig.builder()
			.backendPort(5432)
			.backendPassword((role) -> Optional.of("x"))
			.readSecret(READ)
			.readWriteSecret(READ_WRITE)
			.requireClientCertificate(false)
			.serverCertificate(server.keyPair().getPrivate(), server.chain());
	}

	@Test
	void defaultsMatchTheProductionSidecar() {
		SidecarConfig config = SidecarConfig.builder()
			.backendPort(5432)
			.backendPassword((role) -> Optional.empty())
			.readSecret(READ)
			.readWriteSecret(READ_WRITE)
			.serverCertificate(server.keyPair().getPrivate(), server.chain())
			.clientTrustAnchors(List.of(server.certificate()))
			.build();
		assertThat(config.requireClientCertificate()).isTrue();
		assertThat(config.handshakeTimeout()).hasSeconds(10);
		assertThat(config.backendDatabase()).isEqualTo("postgres");
		assertThat(config.clientCertificateCheck()).isSameAs(ClientCertificateCheck.NONE);
	}

	@Test
	void invalidSecretIsNamedButNotShown() {
		String bad = "not-a-secret-but-private";
		assertThatIllegalArgumentException().isThrownBy(() -> valid().readWriteSecret(bad).build())
			.withMessageContaining("readWriteSecret")
			.withMessageContaining("64 hex")
			.withMessageNotContaining(bad);
		assertThatIllegalArgumentException().isThrownBy(() -> valid().extraRoleSecret("chain_indexer_writer", bad).build())
			.withMessageContaining("chain_indexer_writer")
			.withMessageNotContaining(bad);
	}

	@Test
	void requiredClientCertificatesNeedAnchors() {
		assertThatIllegalArgumentException().isThrownBy(() -> valid().requireClientCertificate(true).build())
			.withMessageContaining("clientTrustAnchors");
	}

	@Test
	void refusesBadRoleNamesAndPorts() {
		assertThatIllegalArgumentException().isThrownBy(() -> valid().extraRoleSecret("drop table", READ).build())
			.withMessageContaining("'drop table'");
		assertThatIllegalArgumentException().isThrownBy(() -> valid().extraRoleSecret("teesql_read", READ).build())
			.withMessageContaining("duplicates");
		assertThatIllegalArgumentException().isThrownBy(() -> valid().backendPort(0).build())
			.withMessageContaining("backendPort");
	}

	@Test
	void toStringShowsNoSecretOrKey() {
		SidecarConfig config = valid().extraRoleSecret("chain_indexer_writer", "3".repeat(64)).build();
		assertThat(config.toString()).contains("chain_indexer_writer")
			.doesNotContain(READ)
			.doesNotContain(READ_WRITE)
			.doesNotContain("3".repeat(64))
			.doesNotContain("PRIVATE");
	}

}
