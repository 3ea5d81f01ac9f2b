package com.teesql.jdbc.attestation.dcap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;
import com.teesql.jdbc.attestation.dcap.TcbInfo.TcbLevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Parsing of the collateral document, TCB info and QE identity, and the status merge rule.
 */
class CollateralModelTests {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	@Test
	void collateralHexIsCaseInsensitiveAndSignedTextIsKeptVerbatim() throws Exception {
		ObjectNode json = (ObjectNode) DcapVectors.json("tdx_quote_v4_collateral.json");
		DcapCollateral lower = DcapCollateral.fromJson(json.toString());
		json.put("tcb_info_signature", json.get("tcb_info_signature").asText().toUpperCase());
		json.put("pck_crl", json.get("pck_crl").asText().toUpperCase());
		DcapCollateral upper = DcapCollateral.fromJson(json.toString());
		assertThat(upper).isEqualTo(lower);
		assertThat(lower.tcbInfo()).isEqualTo(json.get("tcb_info").asText());
		assertThat(lower.tcbInfoSignature()).hasSize(64);
		assertThat(lower.pckCertificateChain()).isNull();
		assertThat(lower.toString()).contains("pckCrl=2663 bytes");
	}

	@Test
	void collateralMayCarryAPckChain() throws Exception {
		ObjectNode json = (ObjectNode) DcapVectors.json("tdx_quote_v4_collateral.json");
		json.put("pck_certificate_chain", json.get("pck_crl_issuer_chain").asText());
		assertThat(DcapCollateral.fromJson(json.toString()).pckCertificateChain()).startsWith("-----BEGIN");
	}

	@Test
	void everyRequiredCollateralKeyIsNamedWhenMissing() {
		ObjectNode json = (ObjectNode) DcapVectors.json("tdx_quote_v4_collateral.json");
		List<String> keys = new ArrayList<>();
		json.fieldNames().forEachRemaining(keys::add);
		assertThat(keys).hasSize(9);
		for (String key : keys) {
			ObjectNode copy = json.deepCopy();
			copy.remove(key);
			assertThatExceptionOfType(DcapVerificationException.class)
				.isThrownBy(() -> DcapCollateral.fromJson(copy.toString()))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_COLLATERAL))
				.withMessageContaining("'" + key + "'");
		}
	}

	@Test
	void badHexIsNamed() {
		ObjectNode json = (ObjectNode) DcapVectors.json("tdx_quote_v4_collateral.json");
		json.put("root_ca_crl", "zz");
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> DcapCollateral.fromJson(json.toString()))
			.withMessage("collateral: 'root_ca_crl' is not valid hex");
	}

	@Test
	void fixtureTcbInfoParses() throws Exception {
		TcbInfo tcbInfo = TcbInfo.parse(DcapVectors.v4Collateral().tcbInfo());
		assertThat(tcbInfo.id()).isEqualTo("TDX");
		assertThat(tcbInfo.version()).isEqualTo(3);
		assertThat(Hex.encode(tcbInfo.fmspc())).isEqualTo("b0c06f000000");
		assertThat(Hex.encode(tcbInfo.pceId())).isEqualTo("0000");
		assertThat(tcbInfo.tcbLevels()).hasSize(2);
		assertThat(tcbInfo.tcbLevels().get(0).pceSvn()).isEqualTo(11);
		assertThat(tcbInfo.tcbLevels().get(1).status().status()).isEqualTo(TcbStatus.OUT_OF_DATE);
		assertThat(tcbInfo.tcbLevels().get(1).status().advisoryIds()).hasSize(14).contains("INTEL-SA-00837");
		assertThat(tcbInfo.tdxModuleIdentities()).extracting(TcbInfo.TdxModuleIdentity::id)
			.containsExactly("TDX_03", "TDX_01");
	}

	@Test
	void tcbInfoWithoutPceIdFailsClosed() throws Exception {
		// Without pceId the PCK's PCE-ID cannot be compared; Intel always publishes it.
		ObjectNode tcbInfo = (ObjectNode) MAPPER.readTree(DcapVectors.v4Collateral().tcbInfo());
		tcbInfo.remove("pceId");
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> TcbInfo.parse(tcbInfo.toString()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_COLLATERAL))
			.withMessage("tcb_info: 'pceId' must be a string");
	}

	@Test
	void tcbLevelsAreSortedCanonicallyWhateverTheJsonOrder() throws Exception {
		String original = DcapVectors.json("tdx_quote_v5_td15_collateral.json").get("tcb_info").asText();
		ObjectNode tcbInfo = (ObjectNode) MAPPER.readTree(original);
		List<Integer> expected = pceSvns(TcbInfo.parse(original).tcbLevels());
		ArrayNode levels = (ArrayNode) tcbInfo.get("tcbLevels");
		List<JsonNode> shuffled = new ArrayList<>();
		levels.forEach(shuffled::add);
		Collections.shuffle(shuffled, new Random(3));
		levels.removeAll();
		levels.addAll(shuffled);
		TcbInfo parsed = TcbInfo.parse(tcbInfo.toString());
		assertThat(pceSvns(parsed.tcbLevels())).isEqualTo(expected);
		for (int i = 1; i < parsed.tcbLevels().size(); i++) {
			TcbLevel previous = parsed.tcbLevels().get(i - 1);
			TcbLevel current = parsed.tcbLevels().get(i);
			int bySgx = Arrays.compare(previous.sgxComponentSvns(), current.sgxComponentSvns());
			assertThat(bySgx > 0 || (bySgx == 0 && previous.pceSvn() >= current.pceSvn())).isTrue();
		}
	}

	@Test
	void componentListsMustHaveSixteenEntries() throws Exception {
		ObjectNode tcbInfo = (ObjectNode) MAPPER.readTree(DcapVectors.v4Collateral().tcbInfo());
		ArrayNode components = (ArrayNode) tcbInfo.get("tcbLevels").get(0).get("tcb").get("tdxtcbcomponents");
		components.remove(15);
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> TcbInfo.parse(tcbInfo.toString()))
			.withMessageContaining("'tdxtcbcomponents' must have 16 entries, has 15");
	}

	@Test
	void qeIdentityParsesLittleEndianMiscSelect() throws Exception {
		QeIdentity identity = QeIdentity.parse(DcapVectors.v4Collateral().qeIdentity());
		assertThat(identity.id()).isEqualTo("TD_QE");
		assertThat(identity.miscSelect()).isZero();
		assertThat(identity.miscSelectMask()).isEqualTo(0xFFFFFFFF);
		assertThat(identity.isvProdId()).isEqualTo(2);
		assertThat(identity.tcbLevels()).singleElement().satisfies((level) -> assertThat(level.isvSvn()).isEqualTo(4));
		ObjectNode json = (ObjectNode) MAPPER.readTree(DcapVectors.v4Collateral().qeIdentity());
		json.put("miscselect", "01000000");
		assertThat(QeIdentity.parse(json.toString()).miscSelect()).isEqualTo(1);
		json.put("mrsigner", "DC9E");
		assertThatExceptionOfType(DcapVerificationException.class).isThrownBy(() -> QeIdentity.parse(json.toString()))
			.withMessage("qe_identity: 'mrsigner' must be 32 bytes, was 2");
	}

	@Test
	void mergeKeepsTheWorseStatusAndAppendsNewAdvisories() {
		TcbStatusWithAdvisories platform = new TcbStatusWithAdvisories(TcbStatus.SW_HARDENING_NEEDED,
				List.of("INTEL-SA-2", "INTEL-SA-1"));
		TcbStatusWithAdvisories qe = new TcbStatusWithAdvisories(TcbStatus.OUT_OF_DATE, List.of("INTEL-SA-1", "INTEL-SA-3"));
		TcbStatusWithAdvisories merged = platform.merge(qe);
		assertThat(merged.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
		assertThat(merged.advisoryIds()).containsExactly("INTEL-SA-2", "INTEL-SA-1", "INTEL-SA-3");
		assertThat(qe.merge(new TcbStatusWithAdvisories(TcbStatus.UP_TO_DATE, List.of())).status())
			.isEqualTo(TcbStatus.OUT_OF_DATE);
	}

	@Test
	void statusNamesAreExactlyIntels() {
		assertThat(TcbStatus.values()).extracting(TcbStatus::intelName)
			.containsExactly("UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded",
					"OutOfDate", "OutOfDateConfigurationNeeded", "Revoked");
		assertThat(TcbStatus.fromIntelName("uptodate")).isEmpty();
		assertThat(TcbStatus.fromIntelName("TDRelaunchAdvised")).isEmpty();
	}

	private static List<Integer> pceSvns(List<TcbLevel> levels) {
		return levels.stream().map(TcbLevel::pceSvn).toList();
	}

}
