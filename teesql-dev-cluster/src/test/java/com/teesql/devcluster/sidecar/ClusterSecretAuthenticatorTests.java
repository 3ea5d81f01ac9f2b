package com.teesql.devcluster.sidecar;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterSecretAuthenticator}.
 */
class ClusterSecretAuthenticatorTests {

	private static final String READ = "1".repeat(64);

	private static final String READ_WRITE = "2".repeat(64);

	private static final String EXTRA = "ab".repeat(32);

	private final ClusterSecretAuthenticator authenticator = new ClusterSecretAuthenticator(READ, READ_WRITE,
			Map.of("chain_indexer_writer", EXTRA));

	@Test
	void readRoleAcceptsBothSecretsReadWriteOnlyItsOwn() {
		assertThat(this.authenticator.authenticate("teesql_read", READ)).isTrue();
		assertThat(this.authenticator.authenticate("teesql_read", READ_WRITE)).isTrue();
		assertThat(this.authenticator.authenticate("teesql_readwrite", READ_WRITE)).isTrue();
		assertThat(this.authenticator.authenticate("teesql_readwrite", READ)).isFalse();
	}

	@Test
	void extraRolesAcceptOnlyTheirSecretAndUnknownRolesNothing() {
		assertThat(this.authenticator.authenticate("chain_indexer_writer", EXTRA)).isTrue();
		assertThat(this.authenticator.authenticate("chain_indexer_writer", EXTRA.toUpperCase())).isTrue();
		assertThat(this.authenticator.authenticate("chain_indexer_writer", READ_WRITE)).isFalse();
		assertThat(this.authenticator.authenticate("postgres", READ_WRITE)).isFalse();
		assertThat(this.authenticator.authenticate("postgres", "0".repeat(64))).isFalse();
		assertThat(this.authenticator.authenticate("teesql_read", "")).isFalse();
		assertThat(this.authenticator.authenticate("teesql_read", READ.substring(1))).isFalse();
	}

	@Test
	void toStringNamesRolesOnly() {
		assertThat(this.authenticator.toString()).contains("teesql_read").doesNotContain(READ).doesNotContain(EXTRA);
	}

}
