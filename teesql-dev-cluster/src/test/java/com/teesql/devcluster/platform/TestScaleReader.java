package com.teesql.devcluster.platform;

import com.teesql.jdbc.attestation.TdxEventLogEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-local SCALE reader: just enough to read back a {@code VersionedAttestation} V0 and check what the production
 * writer produced. Strict: rejects trailing bytes and truncated input.
 */
public final class TestScaleReader {

	private final byte[] data;

	private int position;

	public TestScaleReader(byte[] data) {
		this.data = data;
	}

	public int u8() {
		require(1);
		return this.data[this.position++] & 0xFF;
	}

	public long u32() {
		require(4);
		long value = 0;
		for (int i = 0; i < 4; i++) {
			value |= (long) (this.data[this.position + i] & 0xFF) << (8 * i);
		}
		this.position += 4;
		return value;
	}

	public long compact() {
		int first = this.data[this.position] & 0xFF;
		return switch (first & 0b11) {
			case 0b00 -> {
				this.position += 1;
				yield first >>> 2;
			}
			case 0b01 -> littleEndian(2) >>> 2;
			case 0b10 -> littleEndian(4) >>> 2;
			default -> {
				int count = (first >>> 2) + 4;
				this.position += 1;
				yield littleEndian(count);
			}
		};
	}

	public byte[] bytes() {
		int length = Math.toIntExact(compact());
		return fixed(length);
	}

	public String string() {
		return new String(bytes(), StandardCharsets.UTF_8);
	}

	public byte[] fixed(int length) {
		require(length);
		byte[] value = Arrays.copyOfRange(this.data, this.position, this.position + length);
		this.position += length;
		return value;
	}

	public boolean atEnd() {
		return this.position == this.data.length;
	}

	private long littleEndian(int count) {
		require(count);
		long value = 0;
		for (int i = 0; i < count; i++) {
			value |= (long) (this.data[this.position + i] & 0xFF) << (8 * i);
		}
		this.position += count;
		return value;
	}

	private void require(int count) {
		if (this.position + count > this.data.length) {
			throw new IllegalStateException("truncated SCALE input at " + this.position);
		}
	}

	/** A decoded V0 envelope. */
	public record DecodedAttestation(byte[] quote, List<TdxEventLogEntry> eventLog, List<RuntimeEvent> runtimeEvents,
			byte[] reportData, String config) {
	}

	public static DecodedAttestation decodeV0(byte[] payload) {
		TestScaleReader reader = new TestScaleReader(payload);
		if (reader.u8() != 0 || reader.u8() != 0) {
			throw new IllegalStateException("not a V0 DstackTdx attestation");
		}
		byte[] quote = reader.bytes();
		List<TdxEventLogEntry> eventLog = new ArrayList<>();
		long events = reader.compact();
		for (long i = 0; i < events; i++) {
			eventLog.add(new TdxEventLogEntry((int) reader.u32(), reader.u32(), reader.bytes(), reader.string(),
					reader.bytes()));
		}
		List<RuntimeEvent> runtimeEvents = new ArrayList<>();
		long runtimeCount = reader.compact();
		for (long i = 0; i < runtimeCount; i++) {
			runtimeEvents.add(new RuntimeEvent(reader.string(), reader.bytes()));
		}
		byte[] reportData = reader.fixed(64);
		String config = reader.string();
		if (!reader.atEnd()) {
			throw new IllegalStateException("trailing bytes after V0 attestation");
		}
		return new DecodedAttestation(quote, eventLog, runtimeEvents, reportData, config);
	}

}
