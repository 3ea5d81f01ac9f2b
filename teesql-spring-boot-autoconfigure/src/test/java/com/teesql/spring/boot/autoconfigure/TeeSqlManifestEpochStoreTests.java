package com.teesql.spring.boot.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.teesql.devcluster.dns.ManifestDnsServer;
import com.teesql.devcluster.dns.ManifestFields;
import com.teesql.devcluster.dns.ManifestSigner;
import com.teesql.jdbc.manifest.ManifestEpochStoreException;
import com.teesql.jdbc.manifest.ManifestRollbackException;
import com.teesql.jdbc.manifest.ManifestWatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code teesql.manifest.epoch-store}: the epoch high-water mark survives an application restart, against a real DNS
 * server on loopback serving signed manifests. Contexts resolve the manifest at startup and open no connection.
 */
class TeeSqlManifestEpochStoreTests {

	private static final String DOMAIN = "epochs.teesql.test";

	private static final String SECRET = "5e".repeat(32);

	private static final String CLUSTER = "0x" + "12".repeat(20);

	@TempDir
	Path directory;

	private ManifestDnsServer dns;

	private ManifestFields fields;

	@BeforeEach
	void start() throws Exception {
		this.dns = ManifestDnsServer.start(DOMAIN, ManifestSigner.random());
		this.fields = new ManifestFields(CLUSTER, 7, "34".repeat(20), "https://127.0.0.1:5433",
				Instant.now().plusSeconds(3600).getEpochSecond());
	}

	@AfterEach
	void stop() {
		this.dns.close();
	}

	@Test
	void restartRefusesTheFormerLeadersStillValidManifest() {
		Path store = this.directory.resolve("teesql-epochs");
		this.dns.publish(this.fields);
		runner().withPropertyValues("teesql.manifest.epoch-store=" + store).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ManifestWatcher.class).current().epoch()).isEqualTo(7);
		});
		assertThat(store).content().contains(CLUSTER + "=7");
		// After the restart an attacker serves the epoch-6 manifest, signed and still valid.
		this.dns.publishRolledBack();
		runner().withPropertyValues("teesql.manifest.epoch-store=" + store)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(ManifestRollbackException.class)
				.hasMessage("manifest rolled back: epoch 6 is older than epoch 7 already accepted for cluster "
						+ CLUSTER));
		// Without the store, the restarted application follows the former leader: the gap the store closes.
		runner().run((context) -> assertThat(context.getBean(ManifestWatcher.class).current().epoch()).isEqualTo(6));
	}

	@Test
	void corruptStoreStopsTheStartupNamingThePropertyAndThePath() throws Exception {
		Path store = Files.writeString(this.directory.resolve("teesql-epochs"), "");
		this.dns.publish(this.fields);
		runner().withPropertyValues("teesql.manifest.epoch-store=" + store).run((context) -> {
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(ManifestEpochStoreException.class)
				.hasMessage("teesql.manifest.epoch-store: manifest epoch store " + store.toAbsolutePath()
						+ " is corrupt: it is empty; it is never reset silently");
			assertThat(context).getFailure().rootCause().hasMessageNotContaining(SECRET);
		});
		assertThat(store).isEmptyFile();
	}

	@Test
	void storeInAMissingDirectoryStopsTheStartup() {
		Path store = this.directory.resolve("absent").resolve("teesql-epochs");
		this.dns.publish(this.fields);
		runner().withPropertyValues("teesql.manifest.epoch-store=" + store)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("teesql.manifest.epoch-store: manifest epoch store " + store.toAbsolutePath())
				.hasMessageEndingWith(" does not exist"));
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("teesql.url=postgresql://teesql_readwrite:" + SECRET + "@leader.invalid/app",
					"teesql.manifest.domain=" + DOMAIN, "teesql.manifest.signer-address=" + this.dns.signerAddress(),
					"teesql.manifest.cluster-address=" + CLUSTER, "teesql.manifest.resolvers=" + this.dns.address(),
					"teesql.manifest.timeout=2s", "teesql.attestation.allowed-app-id=" + "0a".repeat(20));
	}

}
