package com.teesql.devcluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.platform.AttestationKnobs;
import com.teesql.devcluster.postgres.ClusterRoles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.teesql.devcluster.RunningGroup.REPLICATION_WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A three-node {@link DevClusterGroup} with real PostgreSQL streaming replication behind real RA-TLS sidecars,
 * reached through the project's socket factory with full DCAP verification.
 */
class DevClusterGroupTests {

	private static final String CLUSTER_ADDRESS = "0xbd32b609057a1a4569558a571d535c8f1212b097";

	@RegisterExtension
	static final RunningGroup running = new RunningGroup((options) -> options.withClusterAddress(CLUSTER_ADDRESS));

	private static final List<LeaderAnnouncement> announcements = running.announcements();

	@Test
	void startsOneLeaderAndTwoStreamingStandbys() {
		assertThat(group().nodes()).extracting(DevNode::role)
			.containsExactly(NodeRole.LEADER, NodeRole.STANDBY, NodeRole.STANDBY);
		assertThat(group().leader()).isSameAs(group().node(0));
		assertThat(group().epoch()).isEqualTo(1);
		assertThat(group().leader().postgres().isInRecovery()).isFalse();
		assertThat(group().leader().postgres().streamingStandbys()).containsExactly("node-1", "node-2");
		for (DevNode standby : List.of(group().node(1), group().node(2))) {
			assertThat(standby.postgres().isInRecovery()).isTrue();
			assertThat(standby.postgres().upstreamPort()).hasValue(group().leader().postgres().server().port());
		}
	}

	@Test
	void startAnnouncesNodeZeroAsLeaderOfEpochOne() {
		assertThat(announcements).containsExactly(new LeaderAnnouncement(1, group().node(0).instanceId(),
				"https://127.0.0.1:" + group().node(0).sidecarPort(), CLUSTER_ADDRESS));
		assertThat(group().currentAnnouncement()).isEqualTo(announcements.get(0));
		assertThat(group().clusterAddress()).isEqualTo(CLUSTER_ADDRESS);
	}

	@Test
	void rowWrittenOnTheLeaderAppearsOnEveryStandby() throws SQLException {
		try (Connection leader = client().connect(group().leader(), ClusterRoles.READ_WRITE)) {
			GroupClient.execute(leader, "CREATE TABLE group_replicated (id int PRIMARY KEY, note text)");
			GroupClient.execute(leader, "INSERT INTO group_replicated VALUES (1, 'one'), (2, 'two'), (3, 'three')");
		}
		for (DevNode standby : List.of(group().node(1), group().node(2))) {
			client().awaitValue(standby, ClusterRoles.READ, "SELECT count(*) FROM group_replicated", 3,
					REPLICATION_WAIT);
			client().awaitValue(standby, ClusterRoles.READ, "SELECT id FROM group_replicated WHERE note = 'three'", 3,
					REPLICATION_WAIT);
		}
	}

	@Test
	void standbySidecarsServeReadsButPostgresRefusesWrites() throws SQLException {
		try (Connection leader = client().connect(group().leader(), ClusterRoles.READ_WRITE)) {
			GroupClient.execute(leader, "CREATE TABLE group_read_only (id int)");
			GroupClient.execute(leader, "INSERT INTO group_read_only VALUES (7)");
		}
		DevNode standby = group().node(2);
		client().awaitValue(standby, ClusterRoles.READ_WRITE, "SELECT sum(id) FROM group_read_only", 7,
				REPLICATION_WAIT);
		try (Connection connection = client().connect(standby, ClusterRoles.READ_WRITE)) {
			assertThat(GroupClient.queryLong(connection, "SELECT count(*) FROM group_read_only")).isEqualTo(1);
			SQLException refused = catchThrowableOfType(SQLException.class,
					() -> GroupClient.execute(connection, "INSERT INTO group_read_only VALUES (8)"));
			assertThat(refused.getSQLState()).isEqualTo("25006");
			assertThat(refused.getMessage()).contains("read-only transaction");
		}
	}

	@Test
	void everyNodeAttestsItsOwnInstanceOfTheSameApp() throws Exception {
		ObjectMapper json = new ObjectMapper();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		JsonNode first = null;
		for (DevNode node : group().nodes()) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.sidecarHttpPort() + "/attestation"))
						.timeout(Duration.ofSeconds(10))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode document = json.readTree(response.body());
			assertThat(document.path("instance_id").asText()).isEqualTo(node.instanceId());
			assertThat(document.path("postgres_state").path("wal_lsn").asText()).matches("[0-9A-F]+/[0-9A-F]+");
			if (first == null) {
				first = document;
			}
			else {
				assertThat(document.path("app_id")).isEqualTo(first.path("app_id"));
				assertThat(document.path("compose_hash")).isEqualTo(first.path("compose_hash"));
				assertThat(document.path("tcb_info").path("mrtd")).isEqualTo(first.path("tcb_info").path("mrtd"));
			}
		}
		assertThat(group().nodes()).extracting(DevNode::instanceId).doesNotHaveDuplicates().allMatch(
				(id) -> id.matches("[0-9a-f]{40}"));
		assertThat(group().nodes()).extracting(DevNode::sidecarPort).doesNotHaveDuplicates();
	}

	@Test
	void aReissuedCertificateChangesTheNodesAttestationDocumentToo() throws Exception {
		DevNode node = group().node(group().nodes().size() - 1);
		String otherMrtd = "5a".repeat(48);
		try {
			node.reissueServerCertificate(AttestationKnobs.genuine().withMrTd(HexFormat.of().parseHex(otherMrtd)));
			assertThat(attestation(node).path("tcb_info").path("mrtd").asText()).isEqualTo(otherMrtd);
		}
		finally {
			node.reissueServerCertificate(AttestationKnobs.genuine());
		}
		assertThat(attestation(node).path("tcb_info").path("mrtd").asText()).isNotEqualTo(otherMrtd);
	}

	private static JsonNode attestation(DevNode node) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.sidecarHttpPort() + "/attestation"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return new ObjectMapper().readTree(response.body());
	}

	@Test
	void dsnNamesTheLeaderAndRefusesUnknownRoles() {
		assertThat(group().dsn(ClusterRoles.READ)).startsWith("postgresql://teesql_read:" + group().readSecret()
				+ "@127.0.0.1:" + group().leader().sidecarPort() + "/");
		assertThatIllegalArgumentException().isThrownBy(() -> group().dsn("nobody"))
			.withMessageContaining("'nobody'");
	}

	@Test
	void toStringShowsNoSecret() {
		assertThat(group().toString()).contains(CLUSTER_ADDRESS)
			.doesNotContain(group().readSecret())
			.doesNotContain(group().readWriteSecret());
	}

	@Test
	void optionsRefuseBadValuesNamingThem() {
		DevClusterGroupOptions defaults = DevClusterGroupOptions.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withNodes(0)).withMessageContaining("not 0");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withNodes(10)).withMessageContaining("not 10");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withClusterAddress("0x1234"))
			.withMessageContaining("'0x1234'");
		assertThat(defaults.withClusterAddress(CLUSTER_ADDRESS.toUpperCase().replace("0X", "0x")).clusterAddress())
			.isEqualTo(CLUSTER_ADDRESS);
	}

	@Test
	void announcementRefusesMalformedFields() {
		String instance = "ab".repeat(20);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LeaderAnnouncement(0, instance, "https://127.0.0.1:1", CLUSTER_ADDRESS))
			.withMessageContaining("not 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LeaderAnnouncement(1, "abc", "https://127.0.0.1:1", CLUSTER_ADDRESS))
			.withMessageContaining("'abc'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LeaderAnnouncement(1, instance, "https://h;x", CLUSTER_ADDRESS))
			.withMessageContaining("'https://h;x'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LeaderAnnouncement(1, instance, "https://127.0.0.1:1", "0xzz"))
			.withMessageContaining("'0xzz'");
	}

	private static DevClusterGroup group() {
		return running.group();
	}

	private static GroupClient client() {
		return running.client();
	}

}
