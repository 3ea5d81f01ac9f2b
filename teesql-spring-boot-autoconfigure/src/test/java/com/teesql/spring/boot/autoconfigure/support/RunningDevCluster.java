package com.teesql.spring.boot.autoconfigure.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.DevClusterOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One dev cluster shared by the tests of a class (register it as a static {@code @RegisterExtension} field): started
 * before the first test with its platform root written to a PEM file, closed (and the file deleted) after the last.
 * It gives the properties of an application that reaches it with full DCAP verification.
 */
public final class RunningDevCluster implements BeforeAllCallback, AfterAllCallback {

	private final DevClusterOptions options;

	private DevCluster cluster;

	private Path platformRoot;

	/**
	 * @param options the options to start the cluster with
	 */
	public RunningDevCluster(DevClusterOptions options) {
		this.options = options;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.cluster = DevCluster.start(this.options);
		this.platformRoot = PemFiles.write(Files.createTempFile("dev-platform-root-", ".pem"),
				this.cluster.platformRootCertificate());
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		try {
			if (this.cluster != null) {
				this.cluster.close();
			}
		}
		finally {
			if (this.platformRoot != null) {
				Files.deleteIfExists(this.platformRoot);
			}
		}
	}

	public DevCluster cluster() {
		return this.cluster;
	}

	/**
	 * The PEM file of the dev platform's root certificate.
	 * @return the file
	 */
	public Path platformRoot() {
		return this.platformRoot;
	}

	/**
	 * The properties of an application that connects with {@code dsn} through the cluster's guest agent, verifies
	 * quotes by DCAP against the dev platform's root and PCS, and pins the cluster's app-id.
	 * @param dsn the DSN ({@code teesql.url})
	 * @return the properties, in a map the caller may change
	 */
	public Map<String, Object> properties(String dsn) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("teesql.url", dsn);
		properties.put("teesql.dstack.endpoint", this.cluster.guestAgentEndpoint());
		properties.put("teesql.attestation.dcap.root-ca", this.platformRoot.toUri().toString());
		properties.put("teesql.attestation.dcap.pccs-url", this.cluster.pcsBaseUrl().toString());
		properties.put("teesql.attestation.allowed-app-id", this.cluster.appId());
		return properties;
	}

}
