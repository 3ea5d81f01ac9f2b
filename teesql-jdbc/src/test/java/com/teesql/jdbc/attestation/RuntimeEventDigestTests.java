package com.teesql.jdbc.attestation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;

import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.support.Fuzz;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RTMR3 digests of V1 and V2 runtime events (cc-eventlog {@code runtime_events.rs}) and their replay, alone and
 * mixed. The V2 canonical JSON is checked against known texts and against the RFC 8785 reference implementation.
 */
class RuntimeEventDigestTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void v2CanonicalJsonHasTheUpstreamShape() {
		assertThat(CanonicalEventJson.of("compose-hash", new byte[] { (byte) 0xab, (byte) 0xcd }))
			.isEqualTo("{\"name\":\"compose-hash\",\"payload\":\"abcd\",\"type\":134217729}");
		assertThat(CanonicalEventJson.of("", new byte[0])).isEqualTo("{\"name\":\"\",\"payload\":\"\",\"type\":134217729}");
		assertThat(CanonicalEventJson.of("event\"with\\special\nchars", new byte[] { (byte) 0xff }))
			.isEqualTo("{\"name\":\"event\\\"with\\\\special\\nchars\",\"payload\":\"ff\",\"type\":134217729}");
		assertThat(CanonicalEventJson.of("\b\f\n\r\t\u0001", new byte[0])).contains("\"name\":\"\\b\\f\\n\\r\\t\\u0001\"");
		assertThat(CanonicalEventJson.of("测试-emoji-🦀", new byte[0])).contains("测试-emoji-🦀");
	}

	@Test
	void v2CanonicalJsonEqualsTheRfc8785ReferenceForAnyName() throws Exception {
		Fuzz.<String>target("CanonicalEventJson vs JsonCanonicalizer").run(Fuzz.tries(0.2), RuntimeEventDigestTests::name,
				(name) -> {
					ObjectNode node = JSON.createObjectNode();
					node.put("type", 134217729);
					node.put("payload", "00ff");
					node.put("name", name);
					String reference = new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedString();
					assertThat(CanonicalEventJson.of(name, new byte[] { 0, (byte) 0xff })).isEqualTo(reference);
				});
	}

	private static String name(Random random) {
		StringBuilder name = new StringBuilder();
		int length = random.nextInt(24);
		for (int i = 0; i < length; i++) {
			int kind = random.nextInt(4);
			int codePoint = switch (kind) {
				case 0 -> random.nextInt(0x20);
				case 1 -> 0x20 + random.nextInt(0x60);
				case 2 -> 0x80 + random.nextInt(0xD7FF - 0x80);
				default -> 0x10000 + random.nextInt(0x10FFFF - 0x10000);
			};
			name.appendCodePoint(codePoint);
		}
		return name.toString();
	}

	@Test
	void digestsFollowTheEventVersion() throws Exception {
		MessageDigest sha384 = MessageDigest.getInstance("SHA-384");
		RuntimeEvent v1 = new RuntimeEvent("app-id", new byte[] { (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef });
		sha384.update(new byte[] { 0x01, 0x00, 0x00, 0x08, ':' });
		sha384.update("app-id:".getBytes(StandardCharsets.US_ASCII));
		assertThat(v1.digest()).isEqualTo(sha384.digest(new byte[] { (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef }));
		RuntimeEvent v2 = new RuntimeEvent("compose-hash", new byte[] { (byte) 0xab, (byte) 0xcd }, EventLogVersion.V2);
		assertThat(v2.digest()).isEqualTo(sha384.digest(
				"{\"name\":\"compose-hash\",\"payload\":\"abcd\",\"type\":134217729}".getBytes(StandardCharsets.UTF_8)));
		assertThat(new RuntimeEvent("test", new byte[] { 1, 2, 3 }).digest())
			.isNotEqualTo(new RuntimeEvent("test", new byte[] { 1, 2, 3 }, EventLogVersion.V2).digest());
	}

	@Test
	void mixedLogsReplayEventByEvent() throws Exception {
		List<RuntimeEvent> events = List.of(new RuntimeEvent("app-id", new byte[] { 1, 2 }),
				new RuntimeEvent("compose-hash", new byte[] { 3, 4 }, EventLogVersion.V2),
				new RuntimeEvent("instance-id", new byte[] { 5, 6 }));
		MessageDigest sha384 = MessageDigest.getInstance("SHA-384");
		byte[] expected = new byte[48];
		for (RuntimeEvent event : events) {
			sha384.update(expected);
			expected = sha384.digest(event.digest());
		}
		assertThat(Rtmr3Replay.replay(events)).isEqualTo(expected);
		assertThat(Rtmr3Replay.replay(List.of())).isEqualTo(new byte[48]);
		assertThat(Rtmr3Replay.versions(events)).containsExactly(EventLogVersion.V1, EventLogVersion.V2);
	}

}
