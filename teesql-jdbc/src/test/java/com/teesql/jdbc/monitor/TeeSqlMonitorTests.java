package com.teesql.jdbc.monitor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.routing.Leader;
import com.teesql.jdbc.sidecar.SidecarHttpClient;
import com.teesql.jdbc.support.GuestAgentFixture;
import com.teesql.jdbc.support.MiniHttpServer;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.testsupport.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitor in plain Java, without Spring: a fixed leader (a URL), a real sidecar HTTP server and a real RA-TLS
 * listener address that refuses connections.
 *
 * @author teesql-spring-boot
 */
class TeeSqlMonitorTests {

	@TempDir
	Path directory;

	private GuestAgentFixture guestAgent;

	private MiniHttpServer sidecar;

	private RaTlsConnector connector;

	private int closedPort;

	@BeforeEach
	void setUp() throws Exception {
		this.guestAgent = GuestAgentFixture.start(this.directory);
		this.sidecar = MiniHttpServer.tcp((request) -> MiniHttpServer.contentLengthResponse(200, "{\"status\":\"ok\"}"));
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.closedPort = socket.getLocalPort();
		}
		this.connector = RaTlsConnector.builder(RaTlsConnectorConfig.builder("127.0.0.1", this.closedPort)
			.dstackEndpoint(this.guestAgent.endpoint())
			.verifier(VerifierKind.NONE)
			.requireIdentity(false)
			.build()).build();
	}

	@AfterEach
	void tearDown() throws Exception {
		this.connector.close();
		this.sidecar.close();
		this.guestAgent.close();
	}

	@Test
	void aFixedLeaderWithAHealthySidecarButNoListenerIsDownNamingTheTarget() throws Exception {
		try (TeeSqlMonitor monitor = monitor()) {
			TeeSqlHealthReport health = monitor.health();
			assertThat(health.up()).isFalse();
			assertThat(health.reason()).startsWith("upstream TCP connect to 127.0.0.1:" + this.closedPort + " failed");
			assertThat(health.details()).containsEntry("target", "127.0.0.1:" + this.closedPort)
				.containsEntry("sidecarHttpUrl", this.sidecar.endpoint())
				.containsEntry("sidecarHealth", "HTTP 200")
				.containsEntry("identityPinned", false)
				.containsEntry("requireIdentity", false);
		}
	}

	@Test
	void aFixedLeaderHasNoManifestToRefreshAndNoRoutingState() throws Exception {
		try (TeeSqlMonitor monitor = monitor()) {
			assertThat(monitor.refreshManifest()).containsEntry("operation", TeeSqlMonitor.REFRESH_MANIFEST)
				.containsEntry("outcome", "not-configured");
			Map<String, Object> status = monitor.status();
			assertThat(status).containsEntry("sidecarHttpUrl", this.sidecar.endpoint())
				.doesNotContainKeys("manifest", "pools");
			assertThat(monitor.reverify()).containsEntry("outcome", "refused")
				.containsEntry("target", "127.0.0.1:" + this.closedPort);
		}
	}

	private TeeSqlMonitor monitor() throws IOException {
		Duration timeout = Duration.ofSeconds(10);
		URI sidecarUrl = URI.create(this.sidecar.endpoint());
		MonitoredTargets targets = MonitoredTargets.of(Leader.fixed(this.connector),
				(leader) -> new SidecarHttpClient(sidecarUrl, timeout));
		return new TeeSqlMonitor(targets, new TeeSqlConnectionActivity(), new HikariPoolState(() -> null), timeout,
				new SettableClock(1_700_000_000L));
	}

}
