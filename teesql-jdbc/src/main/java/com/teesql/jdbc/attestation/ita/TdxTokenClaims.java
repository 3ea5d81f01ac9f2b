package com.teesql.jdbc.attestation.ita;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException.Reason;

/**
 * The TDX claims of a validated attestation token. Intel Trust Authority's v2 API nests them in a {@code tdx}
 * object, the v1 API puts them at the top level; a token is read from {@code tdx} when that claim is an object and
 * from the top level otherwise (never a mix of both, so a claim cannot be smuggled in beside the nested ones).
 *
 * @param tcbStatus {@code attester_tcb_status}
 * @param advisoryIds {@code attester_advisory_ids}, sorted; empty when absent
 * @param reportData {@code tdx_report_data}, lowercase hex
 * @param mrTd {@code tdx_mrtd}, lowercase hex
 * @param debug {@code true} if {@code tdx_is_debuggable} or {@code tdx_td_attributes_debug} is {@code true}
 * @param nested whether the claims were read from the {@code tdx} object
 */
record TdxTokenClaims(String tcbStatus, List<String> advisoryIds, String reportData, String mrTd, boolean debug,
		boolean nested) {

	static final String NESTED_CLAIM = "tdx";

	private static final Pattern HEX = Pattern.compile("(?:0[xX])?[0-9a-fA-F]+");

	TdxTokenClaims {
		advisoryIds = List.copyOf(advisoryIds);
	}

	/**
	 * Read the TDX claims.
	 * @param claims all claims of the token
	 * @return the TDX claims
	 * @throws IntelTrustAuthorityException {@code CLAIM_MISSING} or {@code CLAIM_INVALID} naming the claim
	 */
	static TdxTokenClaims from(Map<String, Object> claims) throws IntelTrustAuthorityException {
		Object tdx = claims.get(NESTED_CLAIM);
		boolean nested = tdx instanceof Map<?, ?>;
		Map<?, ?> source = nested ? (Map<?, ?>) tdx : claims;
		String where = nested ? "tdx." : "";
		String tcbStatus = requiredString(source, where, "attester_tcb_status");
		if (tcbStatus.isBlank()) {
			throw new IntelTrustAuthorityException(Reason.CLAIM_INVALID,
					"attestation token claim " + where + "attester_tcb_status is blank");
		}
		List<String> advisoryIds = stringList(source, where, "attester_advisory_ids");
		String reportData = hex(source, where, "tdx_report_data");
		String mrTd = hex(source, where, "tdx_mrtd");
		boolean debug = flag(source, where, "tdx_is_debuggable") || flag(source, where, "tdx_td_attributes_debug");
		return new TdxTokenClaims(tcbStatus, advisoryIds, reportData, mrTd, debug, nested);
	}

	/**
	 * Check that the token speaks about this quote: same REPORTDATA (which the connector already bound to the TLS
	 * key), same MRTD, and no debug claim for a non-debug TD.
	 * @param quote the quote that was submitted
	 * @throws IntelTrustAuthorityException {@code REPORT_DATA_MISMATCH}, {@code MRTD_MISMATCH} or
	 * {@code DEBUG_MISMATCH}
	 */
	void requireAbout(TdxQuote quote) throws IntelTrustAuthorityException {
		String quoteReportData = Hex.encode(quote.reportData());
		if (!this.reportData.equals(quoteReportData)) {
			throw new IntelTrustAuthorityException(Reason.REPORT_DATA_MISMATCH,
					"attestation token tdx_report_data " + Hex.abbreviate(this.reportData)
							+ " does not match the quote's REPORTDATA " + Hex.abbreviate(quoteReportData)
							+ " (token is about another quote)");
		}
		String quoteMrTd = quote.mrTdHex();
		if (!this.mrTd.equals(quoteMrTd)) {
			throw new IntelTrustAuthorityException(Reason.MRTD_MISMATCH, "attestation token tdx_mrtd "
					+ Hex.abbreviate(this.mrTd) + " does not match the quote's MRTD " + Hex.abbreviate(quoteMrTd)
					+ " (token is about another quote)");
		}
		if (this.debug && !quote.isDebug()) {
			throw new IntelTrustAuthorityException(Reason.DEBUG_MISMATCH,
					"attestation token reports a debug TD but the quote's TDATTRIBUTES has the debug bit clear");
		}
	}

	private static Object required(Map<?, ?> source, String where, String name) throws IntelTrustAuthorityException {
		Object value = source.get(name);
		if (value == null) {
			throw new IntelTrustAuthorityException(Reason.CLAIM_MISSING,
					"attestation token has no " + where + name + " claim");
		}
		return value;
	}

	private static String requiredString(Map<?, ?> source, String where, String name)
			throws IntelTrustAuthorityException {
		Object value = required(source, where, name);
		if (!(value instanceof String text)) {
			throw new IntelTrustAuthorityException(Reason.CLAIM_INVALID, "attestation token claim " + where + name
					+ " must be a string but is " + value.getClass().getSimpleName());
		}
		return text;
	}

	/**
	 * Hex claims are compared case-insensitively and without a {@code 0x} prefix, by normalising to lowercase.
	 */
	static String hex(Map<?, ?> source, String where, String name) throws IntelTrustAuthorityException {
		String value = requiredString(source, where, name).trim();
		if (!HEX.matcher(value).matches() || value.length() % 2 != 0) {
			throw new IntelTrustAuthorityException(Reason.CLAIM_INVALID, "attestation token claim " + where + name
					+ " \"" + Hex.abbreviate(value) + "\" is not an even number of hex digits");
		}
		if (value.startsWith("0x") || value.startsWith("0X")) {
			value = value.substring(2);
		}
		return value.toLowerCase(Locale.ROOT);
	}

	private static List<String> stringList(Map<?, ?> source, String where, String name)
			throws IntelTrustAuthorityException {
		Object value = source.get(name);
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> items)) {
			throw new IntelTrustAuthorityException(Reason.CLAIM_INVALID,
					"attestation token claim " + where + name + " must be an array of strings");
		}
		List<String> strings = new ArrayList<>();
		for (Object item : items) {
			if (!(item instanceof String text)) {
				throw new IntelTrustAuthorityException(Reason.CLAIM_INVALID,
						"attestation token claim " + where + name + " must be an array of strings");
			}
			strings.add(text);
		}
		strings.sort(null);
		return strings;
	}

	private static boolean flag(Map<?, ?> source, String where, String name) throws IntelTrustAuthorityException {
		Object value = source.get(name);
		if (value == null) {
			return false;
		}
		if (!(value instanceof Boolean bool)) {
			throw new IntelTrustAuthorityException(Reason.CLAIM_INVALID,
					"attestation token claim " + where + name + " must be a boolean");
		}
		return bool;
	}

	/**
	 * The claim location for messages and logs.
	 * @return {@code "nested"} or {@code "top-level"}
	 */
	String location() {
		return this.nested ? "nested" : "top-level";
	}

}
