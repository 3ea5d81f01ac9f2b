package com.teesql.jdbc.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.SignatureVerificationSkipped;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.sidecar.SidecarHttpClient;

/**
 * Fetches the sidecar's {@code GET /attestation} document and verifies its quote locally with the connector's
 * {@link QuoteVerifier} and the quote checks of its policy (debug, TD attributes, TCB status); {@code "checked"}
 * lists what a {@code "verified"} status stands for. The document is informational (protocol.md 3.2): its REPORTDATA formula is documented but
 * not confirmed, so a mismatch is reported, not treated as a refusal; trust decisions stay with the RA-TLS handshake.
 *
 * @author teesql-spring-boot
 */
final class SidecarAttestationCheck {

	/** Fields of the document passed through as they are. */
	static final List<String> PASSED_THROUGH = List.of("app_id", "compose_hash", "instance_id", "tcb_info",
			"postgres_state", "timestamp");

	/**
	 * What a {@code "verified"} quote passed: the verifier's signature, collateral and TCB checks, then the policy's
	 * quote checks ({@code AttestationPolicy.checkQuote}). The allowlists and the key binding belong to the
	 * handshake: the document is not tied to the TLS key, and carries no runtime events.
	 */
	static final List<String> CHECKED = List.of("quote-signature", "tcb-status", "td-attributes");

	/** What is checked with verifier {@code none}: no signature, hence no TCB status either. */
	static final List<String> CHECKED_WITHOUT_SIGNATURE = List.of("td-attributes");

	private final ObjectMapper json = new ObjectMapper();

	private final MonitoredTargets targets;

	SidecarAttestationCheck(MonitoredTargets targets) {
		this.targets = targets;
	}

	Map<String, Object> run() {
		Map<String, Object> info = new LinkedHashMap<>();
		MonitoredTarget target;
		try {
			target = this.targets.current();
		}
		catch (IOException ex) {
			info.putAll(this.targets.routing());
			return failed(info, HealthCheck.describe(ex));
		}
		SidecarHttpClient sidecar = target.sidecar();
		info.put("sidecarHttpUrl", sidecar.baseUrl().toString());
		Map<String, Object> routing = this.targets.routing();
		if (!routing.isEmpty()) {
			info.put("leader", routing);
		}
		SidecarHttpClient.Response response;
		try {
			response = sidecar.get("/attestation");
		}
		catch (IOException ex) {
			return failed(info, "sidecar " + sidecar.baseUrl() + "/attestation unreachable: "
					+ HealthCheck.describe(ex));
		}
		if (response.status() != 200) {
			return failed(info, "sidecar " + response.uri() + " answered HTTP " + response.status() + ": "
					+ response.abbreviatedBody());
		}
		JsonNode document;
		try {
			document = this.json.readTree(response.body());
		}
		catch (IOException ex) {
			return failed(info, "sidecar " + response.uri() + " answered with invalid JSON: "
					+ ((ex instanceof JsonProcessingException json) ? json.getOriginalMessage() : ex.getMessage()));
		}
		if (document == null || !document.isObject()) {
			return failed(info, "sidecar " + response.uri() + " answered with a JSON " + nodeType(document)
					+ ", expected an object");
		}
		Map<String, Object> attestation = new LinkedHashMap<>();
		for (String field : PASSED_THROUGH) {
			JsonNode value = document.get(field);
			if (value != null && !value.isNull()) {
				attestation.put(field, this.json.convertValue(value, Object.class));
			}
		}
		info.put("attestation", attestation);
		info.put("quoteVerification", verifyQuote(document, target));
		Object leaderInstance = routing.get("leaderInstance");
		JsonNode instanceId = document.get("instance_id");
		if (leaderInstance != null && instanceId != null && instanceId.isTextual()) {
			// The manifest names the leader by instance id: a document of another node means a stale or wrong URL.
			info.put("instanceIdMatchesManifest", normalizedHex(instanceId.asText()).equals(leaderInstance));
		}
		return info;
	}

	private static String normalizedHex(String hex) {
		String lower = hex.trim().toLowerCase(java.util.Locale.ROOT);
		return lower.startsWith("0x") ? lower.substring(2) : lower;
	}

	private Map<String, Object> verifyQuote(JsonNode document, MonitoredTarget target) {
		QuoteVerifier verifier = target.quoteVerifier();
		Map<String, Object> verification = new LinkedHashMap<>();
		verification.put("verifier", verifier.name());
		JsonNode quoteHex = document.get("quote");
		if (quoteHex == null || !quoteHex.isTextual()) {
			return refused(verification, "NoQuote", "the attestation document has no \"quote\" string");
		}
		TdxQuote quote;
		try {
			quote = TdxQuote.parse(HexFormat.of().parseHex(quoteHex.asText()));
		}
		catch (IllegalArgumentException ex) {
			return refused(verification, "QuoteFormatException", "\"quote\" is not hexadecimal: " + ex.getMessage());
		}
		catch (QuoteFormatException ex) {
			return refused(verification, ex.getClass().getSimpleName(), ex.getMessage());
		}
		verification.put("mrtd", quote.mrTdHex());
		boolean signatureChecked = !SignatureVerificationSkipped.NAME.equals(verifier.name());
		verification.put("checked", signatureChecked ? CHECKED : CHECKED_WITHOUT_SIGNATURE);
		try {
			VerifiedQuote verified = verifier.verify(quote);
			verification.put("tcbStatus", verified.tcbStatus());
			verification.put("advisoryIds", verified.advisoryIds());
			// "verified" only after the connection's own quote checks (debug, TD attributes, TCB status), so that
			// a debug TD or a TD with reserved attributes is never shown as verified.
			target.connector().config().policy().checkQuote(quote, verified);
			verification.put("status", signatureChecked ? "verified" : "signature-not-verified");
		}
		catch (AttestationException ex) {
			refused(verification, ex.getClass().getSimpleName(), ex.getMessage());
		}
		JsonNode tcbMrtd = document.path("tcb_info").path("mrtd");
		if (tcbMrtd.isTextual()) {
			verification.put("mrtdMatchesTcbInfo", tcbMrtd.asText().equalsIgnoreCase(quote.mrTdHex()));
		}
		Optional<AttestationResult> connection = target.connector().lastResult();
		connection.filter((result) -> result.mrtd() != null)
			.ifPresent((result) -> verification.put("mrtdMatchesConnection", result.mrtd().equals(quote.mrTdHex())));
		documentedReportData(document)
			.ifPresent((expected) -> verification.put("reportDataMatchesDocumentedFormula",
					Arrays.equals(expected, quote.reportData())));
		return verification;
	}

	// REPORTDATA = SHA-256(wal_lsn ‖ controldata_hash ‖ timestamp), zero-padded to 64 bytes, over the JSON texts.
	private static Optional<byte[]> documentedReportData(JsonNode document) {
		JsonNode walLsn = document.path("postgres_state").path("wal_lsn");
		JsonNode controldataHash = document.path("postgres_state").path("controldata_hash");
		JsonNode timestamp = document.path("timestamp");
		if (!walLsn.isTextual() || !controldataHash.isTextual() || !timestamp.isIntegralNumber()) {
			return Optional.empty();
		}
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(walLsn.asText().getBytes(StandardCharsets.UTF_8));
			sha256.update(controldataHash.asText().getBytes(StandardCharsets.UTF_8));
			sha256.update(timestamp.asText().getBytes(StandardCharsets.UTF_8));
			return Optional.of(Arrays.copyOf(sha256.digest(), 64));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	private static Map<String, Object> refused(Map<String, Object> verification, String type, String message) {
		verification.put("status", "refused");
		verification.put("refusal", type);
		verification.put("reason", message);
		return verification;
	}

	private static Map<String, Object> failed(Map<String, Object> info, String error) {
		info.put("error", error);
		return info;
	}

	private static String nodeType(JsonNode node) {
		return (node == null) ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
	}

}
