package com.teesql.devcluster.outage;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import com.teesql.devcluster.DevCluster;
import com.teesql.devcluster.postgres.ClusterRoles;
import com.teesql.devcluster.support.DevIdentity;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.GuestAgentUnavailableException;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.testsupport.SilentServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dstack guest agent down while the sidecar is up: the client certificate cannot be obtained, so the connection
 * is refused with {@link GuestAgentUnavailableException} within {@code dstackTimeout}, never a hang, and the sidecar
 * never sees a handshake.
 */
class GuestAgentOutageTests {

	private static final Duration DSTACK_TIMEOUT = Duration.ofMillis(700);

	@AutoClose
	private static final DevCluster cluster = DevCluster.start();

	@TempDir
	Path directory;

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void closedPortIsRefusedQuickly() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		OutageClient.Refusal refusal = refusedWith("http://127.0.0.1:" + port);
		assertThat(refusal.cause(GuestAgentUnavailableException.class).getMessage())
			.startsWith("dstack guest agent unreachable at http://127.0.0.1:" + port + ": connection refused");
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void missingUnixSocketIsRefusedQuickly() throws Exception {
		Path missing = this.directory.resolve("dstack.sock");
		OutageClient.Refusal refusal = refusedWith(missing.toString());
		assertThat(refusal.cause(GuestAgentUnavailableException.class).getMessage())
			.startsWith("dstack guest agent unreachable at unix:" + missing);
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void silentHttpAgentIsBoundedByTheDstackTimeout() throws Exception {
		try (SilentServer silent = SilentServer.onLoopback()) {
			OutageClient.Refusal refusal = refusedWith("http://127.0.0.1:" + silent.port());
			assertThat(refusal.cause(GuestAgentUnavailableException.class).getMessage())
				.contains(": no answer within " + DSTACK_TIMEOUT.toMillis() + "ms");
			assertThat(silent.connectionsAccepted()).isPositive();
		}
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing claim
	void silentUnixSocketAgentIsBoundedByTheDstackTimeout() throws Exception {
		Path path = this.directory.resolve("silent.sock");
		try (SilentServer silent = SilentServer.onUnixSocket(path)) {
			OutageClient.Refusal refusal = refusedWith(path.toString());
			assertThat(refusal.cause(GuestAgentUnavailableException.class).getMessage())
				.contains(": no answer within " + DSTACK_TIMEOUT.toMillis() + "ms");
			assertThat(silent.connectionsAccepted()).isPositive();
		}
	}

	private static OutageClient.Refusal refusedWith(String dstackEndpoint) throws Exception {
		TeeSqlDsn dsn = TeeSqlDsn.parse(cluster.dsn(ClusterRoles.READ_WRITE));
		RaTlsConnector connector = new RaTlsConnector(RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.dstackEndpoint(dstackEndpoint)
			.dstackTimeout(DSTACK_TIMEOUT)
			.verifier(VerifierKind.NONE)
			.policy(DevIdentity.pinnedTo(cluster).build())
			.build());
		long handshakes = cluster.sidecarStats().connectionsAccepted();
		try (OutageClient client = new OutageClient(dsn, connector)) {
			OutageClient.Refusal refusal = client.refusal();
			// The client certificate comes first: without it, the sidecar is not even contacted.
			assertThat(cluster.sidecarStats().connectionsAccepted()).isEqualTo(handshakes);
			return refusal;
		}
	}

}
