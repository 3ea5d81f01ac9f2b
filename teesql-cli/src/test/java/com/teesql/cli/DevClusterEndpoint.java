package com.teesql.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.platform.AttestationKnobs;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One dev cluster for a CLI test class (register it as a static {@code @RegisterExtension} field): started before
 * the first test, its platform root written to a PEM file for {@code --root-ca}, the genuine server certificate
 * restored after each test, closed after the last.
 */
final class DevClusterEndpoint implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private DevCluster cluster;

	private Path root;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.cluster = DevCluster.start();
		this.root = Files.createTempFile("dev-root", ".pem");
		Files.writeString(this.root, "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder().encodeToString(this.cluster.platformRootCertificate().getEncoded())
				+ "\n-----END CERTIFICATE-----\n");
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.cluster.reissueServerCertificate(AttestationKnobs.genuine());
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		try {
			if (this.cluster != null) {
				this.cluster.close();
			}
		}
		finally {
			if (this.root != null) {
				Files.deleteIfExists(this.root);
			}
		}
	}

	DevCluster cluster() {
		return this.cluster;
	}

	/**
	 * The options that point a command at this cluster's sidecar as {@code user}, trusting the dev platform root
	 * and the dev PCS, followed by {@code extra}.
	 */
	String[] options(String user, String... extra) {
		List<String> args = new ArrayList<>(List.of("--url",
				"postgresql://" + user + "@127.0.0.1:" + this.cluster.sidecarPort() + "/postgres", "--dstack-endpoint",
				this.cluster.guestAgentEndpoint(), "--root-ca", this.root.toString(), "--pccs-url",
				this.cluster.pcsBaseUrl().toString()));
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

	/**
	 * Runs {@code teesql-cli command args...}, asserts its exit status and returns what it printed.
	 */
	static String run(int expectedStatus, String command, String... args) {
		List<String> all = new ArrayList<>();
		all.add(command);
		all.addAll(List.of(args));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = TeeSqlCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
		String text = out.toString(StandardCharsets.UTF_8);
		assertThat(status).as(text).isEqualTo(expectedStatus);
		return text;
	}

}
