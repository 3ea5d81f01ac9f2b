package com.teesql.jdbc.attestation.ita;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityException.Reason;
import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TdxTokenClaimsTests {

	private static final TdxQuote QUOTE = parse();

	private static TdxQuote parse() {
		try {
			return TdxQuote.parse(TestVectors.bytes("tdx_quote_v4.bin"));
		}
		catch (QuoteFormatException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> tdxClaims() {
		Map<String, Object> tdx = new LinkedHashMap<>();
		tdx.put("attester_tcb_status", "UpToDate");
		tdx.put("attester_advisory_ids", List.of("INTEL-SA-01079", "INTEL-SA-00837"));
		tdx.put("tdx_mrtd", QUOTE.mrTdHex());
		tdx.put("tdx_report_data", Hex.encode(QUOTE.reportData()));
		tdx.put("tdx_is_debuggable", false);
		tdx.put("tdx_td_attributes_debug", false);
		return tdx;
	}

	@Test
	void nestedClaimsAreReadFromTheTdxObject() throws Exception {
		TdxTokenClaims claims = TdxTokenClaims.from(Map.of("iss", "Intel Trust Authority", "tdx", tdxClaims()));
		assertThat(claims.nested()).isTrue();
		assertThat(claims.tcbStatus()).isEqualTo("UpToDate");
		assertThat(claims.advisoryIds()).containsExactly("INTEL-SA-00837", "INTEL-SA-01079");
		assertThat(claims.mrTd()).isEqualTo(QUOTE.mrTdHex());
		claims.requireAbout(QUOTE);
	}

	@Test
	void topLevelClaimsAreReadWhenThereIsNoTdxObject() throws Exception {
		Map<String, Object> all = new LinkedHashMap<>(tdxClaims());
		all.put("iss", "Intel Trust Authority");
		all.remove("attester_advisory_ids");
		TdxTokenClaims claims = TdxTokenClaims.from(all);
		assertThat(claims.nested()).isFalse();
		assertThat(claims.location()).isEqualTo("top-level");
		assertThat(claims.advisoryIds()).isEmpty();
		claims.requireAbout(QUOTE);
	}

	@Test
	void claimsBesideTheTdxObjectAreIgnored() {
		Map<String, Object> nested = tdxClaims();
		nested.remove("attester_tcb_status");
		Map<String, Object> all = new LinkedHashMap<>(tdxClaims());
		all.put("tdx", nested);
		assertThatExceptionOfType(IntelTrustAuthorityException.class).isThrownBy(() -> TdxTokenClaims.from(all))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CLAIM_MISSING))
			.withMessage("attestation token has no tdx.attester_tcb_status claim");
	}

	@Test
	void hexIsComparedCaseInsensitivelyAndWithoutPrefix() throws Exception {
		Map<String, Object> tdx = tdxClaims();
		tdx.put("tdx_report_data", "0x" + Hex.encode(QUOTE.reportData()).toUpperCase(Locale.ROOT));
		tdx.put("tdx_mrtd", QUOTE.mrTdHex().toUpperCase(Locale.ROOT));
		TdxTokenClaims.from(Map.of("tdx", tdx)).requireAbout(QUOTE);
	}

	@Test
	void reportDataOfAnotherQuoteIsRefused() throws Exception {
		Map<String, Object> tdx = tdxClaims();
		byte[] other = QUOTE.reportData();
		other[63] ^= 1;
		tdx.put("tdx_report_data", Hex.encode(other));
		TdxTokenClaims claims = TdxTokenClaims.from(Map.of("tdx", tdx));
		assertThatExceptionOfType(IntelTrustAuthorityException.class).isThrownBy(() -> claims.requireAbout(QUOTE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.REPORT_DATA_MISMATCH))
			.withMessageContaining("tdx_report_data")
			.withMessageContaining(Hex.abbreviate(Hex.encode(other)));
	}

	@Test
	void mrtdOfAnotherQuoteIsRefused() throws Exception {
		Map<String, Object> tdx = tdxClaims();
		tdx.put("tdx_mrtd", "ab".repeat(48));
		TdxTokenClaims claims = TdxTokenClaims.from(Map.of("tdx", tdx));
		assertThatExceptionOfType(IntelTrustAuthorityException.class).isThrownBy(() -> claims.requireAbout(QUOTE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MRTD_MISMATCH))
			.withMessageContaining("tdx_mrtd");
	}

	@Test
	void debugClaimForANonDebugQuoteIsRefused() throws Exception {
		assertThat(QUOTE.isDebug()).isFalse();
		Map<String, Object> tdx = tdxClaims();
		tdx.put("tdx_td_attributes_debug", true);
		TdxTokenClaims claims = TdxTokenClaims.from(Map.of("tdx", tdx));
		assertThat(claims.debug()).isTrue();
		assertThatExceptionOfType(IntelTrustAuthorityException.class).isThrownBy(() -> claims.requireAbout(QUOTE))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.DEBUG_MISMATCH));
	}

	@Test
	void missingReportDataIsRefused() {
		Map<String, Object> tdx = tdxClaims();
		tdx.remove("tdx_report_data");
		assertThatExceptionOfType(IntelTrustAuthorityException.class)
			.isThrownBy(() -> TdxTokenClaims.from(Map.of("tdx", tdx)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CLAIM_MISSING))
			.withMessage("attestation token has no tdx.tdx_report_data claim");
	}

	@Test
	void malformedClaimsAreRefusedNamingTheClaim() {
		Map<String, Object> notHex = tdxClaims();
		notHex.put("tdx_mrtd", "zz");
		assertThatExceptionOfType(IntelTrustAuthorityException.class)
			.isThrownBy(() -> TdxTokenClaims.from(Map.of("tdx", notHex)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CLAIM_INVALID))
			.withMessageContaining("tdx.tdx_mrtd \"zz\"");
		Map<String, Object> oddHex = tdxClaims();
		oddHex.put("tdx_report_data", "abc");
		assertThatExceptionOfType(IntelTrustAuthorityException.class)
			.isThrownBy(() -> TdxTokenClaims.from(Map.of("tdx", oddHex)))
			.withMessageContaining("tdx.tdx_report_data");
		Map<String, Object> numericStatus = tdxClaims();
		numericStatus.put("attester_tcb_status", 0);
		assertThatExceptionOfType(IntelTrustAuthorityException.class)
			.isThrownBy(() -> TdxTokenClaims.from(Map.of("tdx", numericStatus)))
			.withMessageContaining("tdx.attester_tcb_status must be a string");
		Map<String, Object> stringDebug = tdxClaims();
		stringDebug.put("tdx_is_debuggable", "false");
		assertThatExceptionOfType(IntelTrustAuthorityException.class)
			.isThrownBy(() -> TdxTokenClaims.from(Map.of("tdx", stringDebug)))
			.withMessageContaining("tdx.tdx_is_debuggable must be a boolean");
		Map<String, Object> advisoriesNotList = tdxClaims();
		advisoriesNotList.put("attester_advisory_ids", "INTEL-SA-00837");
		assertThatExceptionOfType(IntelTrustAuthorityException.class)
			.isThrownBy(() -> TdxTokenClaims.from(Map.of("tdx", advisoriesNotList)))
			.withMessageContaining("attester_advisory_ids must be an array of strings");
	}

}
