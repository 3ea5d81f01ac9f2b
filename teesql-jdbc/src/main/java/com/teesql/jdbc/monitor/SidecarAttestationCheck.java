package com.teesql.jdbc.monitor;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.SignatureVerificationSkipped;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.sidecar.SidecarAttestationDocument;
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
		SidecarAttestationDocument document;
		try {
			document = SidecarAttestationDocument.from(this.json.readTree(response.body()));
		}
		catch (IOException ex) {
			return failed(info, "sidecar " + response.uri() + " answered with invalid JSON: "
					+ ((ex instanceof JsonProcessingException json) ? json.getOriginalMessage() : ex.getMessage()));
		}
		catch (IllegalArgumentException ex) {
			return failed(info, "sidecar " + response.uri() + " answered with " + ex.getMessage());
		}
		info.put("attestation", document.publicFields());
		info.put("quoteVerification", verifyQuote(document, target));
		Object leaderInstance = routing.get("leaderInstance");
		if (leaderInstance != null && document.instanceId() != null) {
			// The manifest names the leader by instance id: a document of another node means a stale or wrong URL.
			info.put("instanceIdMatchesManifest", normalizedHex(document.instanceId()).equals(leaderInstance));
		}
		return info;
	}

	private static String normalizedHex(String hex) {
		String lower = hex.trim().toLowerCase(java.util.Locale.ROOT);
		return lower.startsWith("0x") ? lower.substring(2) : lower;
	}

	private Map<String, Object> verifyQuote(SidecarAttestationDocument document, MonitoredTarget target) {
		QuoteVerifier verifier = target.quoteVerifier();
		Map<String, Object> verification = new LinkedHashMap<>();
		verification.put("verifier", verifier.name());
		String quoteHex = document.quote();
		if (quoteHex == null) {
			return refused(verification, "NoQuote", "the attestation document has no \"quote\" string");
		}
		TdxQuote quote;
		try {
			quote = TdxQuote.parse(HexFormat.of().parseHex(quoteHex));
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
		String tcbMrtd = document.tcbInfo().get("mrtd");
		if (tcbMrtd != null) {
			verification.put("mrtdMatchesTcbInfo", tcbMrtd.equalsIgnoreCase(quote.mrTdHex()));
		}
		Optional<AttestationResult> connection = target.connector().lastResult();
		connection.filter((result) -> result.mrtd() != null)
			.ifPresent((result) -> verification.put("mrtdMatchesConnection", result.mrtd().equals(quote.mrTdHex())));
		document.documentedReportData()
			.ifPresent((expected) -> verification.put("reportDataMatchesDocumentedFormula",
					Arrays.equals(expected, quote.reportData())));
		return verification;
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

}
