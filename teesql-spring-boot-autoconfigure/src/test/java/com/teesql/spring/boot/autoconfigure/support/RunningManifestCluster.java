package com.teesql.spring.boot.autoconfigure.support;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.teesql.devcluster.DevManifestCluster;
import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;
import com.teesql.spring.boot.autoconfigure.TeeSqlConnectionDetails;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/**
 * A dev cluster group whose leader is published as a signed DNS manifest, shared by the tests of a class (register it
 * as a static {@code @RegisterExtension} field): started before the first test, closed after the last. It gives the
 * settings an application needs to follow that manifest.
 */
public final class RunningManifestCluster implements BeforeAllCallback, AfterAllCallback {

	private final int nodes;

	private final String domain;

	private final boolean autoRejoin;

	private DevManifestCluster cluster;

	/**
	 * @param nodes how many nodes the group has
	 * @param domain the manifest's domain
	 */
	public RunningManifestCluster(int nodes, String domain) {
		this(nodes, domain, false);
	}

	/**
	 * @param nodes how many nodes the group has
	 * @param domain the manifest's domain
	 * @param autoRejoin whether fenced leaders rejoin as standbys
	 */
	public RunningManifestCluster(int nodes, String domain, boolean autoRejoin) {
		this.nodes = nodes;
		this.domain = domain;
		this.autoRejoin = autoRejoin;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.cluster = this.autoRejoin ? DevManifestCluster.start(this.nodes, this.domain, true)
				: DevManifestCluster.start(this.nodes, this.domain);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	public DevManifestCluster cluster() {
		return this.cluster;
	}

	/**
	 * Connection details of the group's read-write role, pinned to the app its nodes attest.
	 * @return the details
	 */
	public GroupConnectionDetails connectionDetails() {
		return new GroupConnectionDetails(GroupConnectionDetails.parse(this.cluster.group().dsn("teesql_readwrite")),
				this.cluster.group().guestAgentEndpoint(), this.cluster.group().quoteVerifier(),
				this.cluster.group().appId());
	}

	/**
	 * The {@code teesql.manifest.*} properties that follow this cluster's manifest (domain, signer, cluster address,
	 * resolver), as {@code name=value} pairs.
	 * @return the property pairs
	 */
	public String[] manifestProperties() {
		return new String[] { "teesql.manifest.domain=" + this.domain,
				"teesql.manifest.signer-address=" + this.cluster.signerAddress(),
				"teesql.manifest.cluster-address=" + this.cluster.group().clusterAddress(),
				"teesql.manifest.resolvers=" + this.cluster.resolver() };
	}

	/**
	 * A runner for a JDBC application (DataSource, transactions, {@code JdbcTemplate}) that follows this cluster's
	 * manifest, refreshed every second, with {@link #connectionDetails()}.
	 * @return the runner
	 */
	public ApplicationContextRunner jdbcRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class))
			.withBean(TeeSqlConnectionDetails.class, this::connectionDetails)
			.withPropertyValues(manifestProperties())
			.withPropertyValues("teesql.manifest.refresh-interval=1s");
	}

	/**
	 * The properties of an application that reaches this cluster by its manifest with full DCAP verification against
	 * the dev platform (its root written to {@code directory}), the connection details given as properties.
	 * @param directory where to write the platform root
	 * @return the properties, in a map the caller may add to
	 * @throws IOException if the root cannot be written
	 * @throws CertificateEncodingException if the root cannot be encoded
	 */
	public Map<String, Object> applicationProperties(Path directory) throws IOException, CertificateEncodingException {
		Path root = PemFiles.write(directory.resolve("platform-root.pem"),
				this.cluster.group().platformRootCertificate());
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("teesql.url", this.cluster.group().dsn("teesql_readwrite"));
		properties.put("teesql.dstack.endpoint", this.cluster.group().guestAgentEndpoint());
		properties.put("teesql.attestation.dcap.root-ca", root.toUri().toString());
		properties.put("teesql.attestation.dcap.pccs-url", this.cluster.group().pcsBaseUrl().toString());
		for (String pair : manifestProperties()) {
			int equals = pair.indexOf('=');
			properties.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		properties.put("spring.datasource.hikari.connection-timeout", "3000");
		return properties;
	}

}
