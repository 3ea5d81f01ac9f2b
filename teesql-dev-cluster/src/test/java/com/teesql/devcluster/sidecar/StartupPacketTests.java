package com.teesql.devcluster.sidecar;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import com.teesql.devcluster.sidecar.PgWire.ProtocolException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StartupPacket}.
 */
class StartupPacketTests {

	@Test
	void parsesParametersInOrderAndDefaultsTheDatabaseToTheUser() throws ProtocolException {
		StartupPacket packet = StartupPacket.parse(PgWire.PROTOCOL_3_0,
				body("user", "teesql_read", "application_name", "app"));
		assertThat(packet.user()).isEqualTo("teesql_read");
		assertThat(packet.database()).isEqualTo("teesql_read");
		assertThat(packet.parameters()).containsExactly(entry("user", "teesql_read"), entry("application_name", "app"));
		assertThat(packet.needsProtocolNegotiation()).isFalse();
	}

	@Test
	void backendCopyIsVersion30WithoutProtocolOptions() throws ProtocolException {
		StartupPacket packet = StartupPacket.parse(196610,
				body("user", "u", "database", "d", "_pq_.test_option", "x"));
		assertThat(packet.needsProtocolNegotiation()).isTrue();
		assertThat(packet.protocolOptions()).containsExactly("_pq_.test_option");
		byte[] encoded = packet.encodeForBackend();
		assertThat(PgWire.int32(encoded, 0)).isEqualTo(encoded.length);
		assertThat(PgWire.int32(encoded, 4)).isEqualTo(PgWire.PROTOCOL_3_0);
		StartupPacket reparsed = StartupPacket.parse(PgWire.PROTOCOL_3_0, Arrays.copyOfRange(encoded, 8, encoded.length));
		assertThat(reparsed.parameters()).containsExactly(entry("user", "u"), entry("database", "d"));
		byte[] negotiation = packet.negotiateProtocolVersion();
		assertThat(negotiation[0]).isEqualTo((byte) 'v');
		assertThat(PgWire.int32(negotiation, 5)).isEqualTo(PgWire.PROTOCOL_3_0);
		assertThat(PgWire.int32(negotiation, 9)).isEqualTo(1);
	}

	@Test
	void refusesPacketsWithoutUserOrTerminator() {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> StartupPacket.parse(PgWire.PROTOCOL_3_0, body("database", "d")))
			.withMessageContaining("no user");
		byte[] unterminated = body("user", "u");
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> StartupPacket.parse(PgWire.PROTOCOL_3_0,
					Arrays.copyOf(unterminated, unterminated.length - 2)));
	}

	private static java.util.Map.Entry<String, String> entry(String key, String value) {
		return java.util.Map.entry(key, value);
	}

	private static byte[] body(String... pairs) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (String part : pairs) {
			out.writeBytes(PgWire.cString(part));
		}
		out.write(0);
		return out.toByteArray();
	}

}
