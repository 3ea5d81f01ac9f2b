package com.teesql.jdbc.sidecar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of the sidecar's {@code GET /attestation} (protocol.md 8): the node's identity, a fresh quote, its
 * measurements and the PostgreSQL state the quote's REPORTDATA claims to cover. The sidecar writes it (the dev
 * cluster's through {@link #toJson()}), the starter's monitor reads it ({@link #from(JsonNode)}). The document is
 * informational: a field of the wrong type is read as absent, and trust decisions stay with the RA-TLS handshake.
 *
 * @param appId the dstack app id (hex), or {@code null}
 * @param composeHash the SHA-256 of the normalized app-compose (hex), or {@code null}
 * @param instanceId the instance id, or {@code null}
 * @param quote the hex of the raw TDX quote, or {@code null}
 * @param tcbInfo the measurements ({@link #TCB_FIELDS}), in document order; empty when absent
 * @param postgresState what REPORTDATA claims, or {@code null}
 * @param timestamp the epoch second the quote was made, or {@code null}
 * @author teesql-spring-boot
 */
public record SidecarAttestationDocument(String appId, String composeHash, String instanceId, String quote,
		Map<String, String> tcbInfo, PostgresState postgresState, Long timestamp) {

	/** The measurements of {@code tcb_info}. */
	public static final List<String> TCB_FIELDS = List.of("mrtd", "rtmr0", "rtmr1", "rtmr2", "rtmr3");

	/** Fields shown as they are, everything but the quote. */
	public static final List<String> PUBLIC_FIELDS = List.of("app_id", "compose_hash", "instance_id", "tcb_info",
			"postgres_state", "timestamp");

	public SidecarAttestationDocument {
		tcbInfo = (tcbInfo != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(tcbInfo)) : Map.of();
	}

	/**
	 * The documented REPORTDATA (protocol.md 3.2): {@code SHA-256(wal_lsn ‖ controldata_hash ‖ timestamp)} over the
	 * UTF-8 texts exactly as they appear in the JSON (the LSN, the hex of the hash, the decimal seconds), zero-padded
	 * to 64 bytes.
	 * @param walLsn the WAL position, for example {@code 0/16B3748}
	 * @param controldataHash the hex SHA-256 of the {@code pg_controldata} output
	 * @param timestamp the epoch second of the document
	 * @return the 64 bytes
	 */
	public static byte[] reportData(String walLsn, String controldataHash, long timestamp) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(walLsn.getBytes(StandardCharsets.UTF_8));
			sha256.update(controldataHash.getBytes(StandardCharsets.UTF_8));
			sha256.update(Long.toString(timestamp).getBytes(StandardCharsets.UTF_8));
			return Arrays.copyOf(sha256.digest(), 64);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	/**
	 * The REPORTDATA the documented formula gives for this document.
	 * @return the 64 bytes, or empty when the LSN, the hash or the timestamp is missing
	 */
	public Optional<byte[]> documentedReportData() {
		if (this.postgresState == null || this.postgresState.walLsn() == null
				|| this.postgresState.controldataHash() == null || this.timestamp == null) {
			return Optional.empty();
		}
		return Optional.of(reportData(this.postgresState.walLsn(), this.postgresState.controldataHash(),
				this.timestamp));
	}

	/**
	 * Read a document leniently: a missing field or one of the wrong type is {@code null} (or empty).
	 * @param document the parsed JSON body
	 * @return the document
	 * @throws IllegalArgumentException naming the JSON type when the body is not an object
	 */
	public static SidecarAttestationDocument from(JsonNode document) {
		if (document == null || !document.isObject()) {
			String type = (document == null) ? "nothing"
					: document.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
			throw new IllegalArgumentException("a JSON " + type + ", expected an object");
		}
		Map<String, String> tcbInfo = new LinkedHashMap<>();
		document.path("tcb_info").properties().forEach((entry) -> {
			if (entry.getValue().isTextual()) {
				tcbInfo.put(entry.getKey(), entry.getValue().asText());
			}
		});
		JsonNode state = document.get("postgres_state");
		PostgresState postgresState = (state != null && state.isObject()) ? new PostgresState(
				text(state, "wal_lsn"), text(state, "controldata_hash"), text(state, "pg_version")) : null;
		JsonNode timestamp = document.path("timestamp");
		return new SidecarAttestationDocument(text(document, "app_id"), text(document, "compose_hash"),
				text(document, "instance_id"), text(document, "quote"), tcbInfo, postgresState,
				timestamp.isIntegralNumber() ? timestamp.asLong() : null);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isTextual()) ? value.asText() : null;
	}

	/**
	 * The document as the sidecar writes it, fields in protocol order.
	 * @return a JSON object of strings, a number and nested objects
	 */
	public Map<String, Object> toJson() {
		Map<String, Object> json = publicFields();
		Map<String, Object> ordered = new LinkedHashMap<>();
		for (String field : List.of("app_id", "compose_hash", "instance_id")) {
			if (json.containsKey(field)) {
				ordered.put(field, json.get(field));
			}
		}
		if (this.quote != null) {
			ordered.put("quote", this.quote);
		}
		json.forEach(ordered::putIfAbsent);
		return ordered;
	}

	/**
	 * The fields present, except the quote: public by design.
	 * @return {@link #PUBLIC_FIELDS} that are present, in that order
	 */
	public Map<String, Object> publicFields() {
		Map<String, Object> fields = new LinkedHashMap<>();
		putIfPresent(fields, "app_id", this.appId);
		putIfPresent(fields, "compose_hash", this.composeHash);
		putIfPresent(fields, "instance_id", this.instanceId);
		if (!this.tcbInfo.isEmpty()) {
			fields.put("tcb_info", new LinkedHashMap<>(this.tcbInfo));
		}
		if (this.postgresState != null) {
			Map<String, Object> state = new LinkedHashMap<>();
			putIfPresent(state, "wal_lsn", this.postgresState.walLsn());
			putIfPresent(state, "controldata_hash", this.postgresState.controldataHash());
			putIfPresent(state, "pg_version", this.postgresState.pgVersion());
			fields.put("postgres_state", state);
		}
		putIfPresent(fields, "timestamp", this.timestamp);
		return fields;
	}

	private static void putIfPresent(Map<String, Object> map, String key, Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	/**
	 * The PostgreSQL state the quote's REPORTDATA covers.
	 *
	 * @param walLsn the current WAL position, for example {@code 0/16B3748}
	 * @param controldataHash the hex SHA-256 of the {@code pg_controldata} output
	 * @param pgVersion the server version
	 */
	public record PostgresState(String walLsn, String controldataHash, String pgVersion) {

	}

}
