package com.teesql.jdbc.attestation.dcap;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.support.Fuzz;
import com.teesql.jdbc.support.JsonMutator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the collateral parsers {@link DcapCollateral#fromJson(String)}, {@link TcbInfo#parse(String)} and
 * {@link QeIdentity#parse(String)} with structural and textual mutations of the real v4 and v5 collateral and with
 * random JSON: each returns a complete model or throws {@link DcapVerificationException}. Sizes and seed: see
 * {@link Fuzz}.
 */
class CollateralParsingFuzzTests {

	private static final List<String> COLLATERALS = List.of(DcapVectors.text("tdx_quote_v4_collateral.json"),
			DcapVectors.text("tdx_quote_v5_td15_collateral.json"));

	private static final List<String> TCB_INFOS = field("tcb_info");

	private static final List<String> QE_IDENTITIES = field("qe_identity");

	@Test
	void collateralFromJsonOnlyEverRefusesWithDcapVerificationException() throws Exception {
		Fuzz.Outcomes outcomes = Fuzz.<String>target("DcapCollateral.fromJson")
			.accepting(DcapVerificationException.class)
			.timeout(Duration.ofSeconds(2))
			.describedBy(CollateralParsingFuzzTests::abbreviate)
			.run(Fuzz.tries(0.5), (random) -> next(COLLATERALS, random), (json) -> {
				DcapCollateral collateral = DcapCollateral.fromJson(json);
				assertThat(collateral.tcbInfo()).isNotNull();
				assertThat(collateral.qeIdentity()).isNotNull();
				assertThat(collateral.toString()).startsWith("DcapCollateral[");
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	@Test
	void tcbInfoParseOnlyEverRefusesWithDcapVerificationException() throws Exception {
		Fuzz.Outcomes outcomes = Fuzz.<String>target("TcbInfo.parse")
			.accepting(DcapVerificationException.class)
			.timeout(Duration.ofSeconds(2))
			.describedBy(CollateralParsingFuzzTests::abbreviate)
			.run(Fuzz.tries(1), (random) -> next(TCB_INFOS, random), (json) -> {
				TcbInfo info = TcbInfo.parse(json);
				assertThat(info.id()).isNotNull();
				assertThat(info.fmspc()).hasSize(6);
				assertThat(info.issueDate()).isNotNull();
				assertThat(info.nextUpdate()).isNotNull();
				for (TcbInfo.TcbLevel level : info.tcbLevels()) {
					assertThat(level.sgxComponentSvns()).hasSize(TcbInfo.COMPONENT_COUNT);
					assertThat(level.pceSvn()).isBetween(0, 0xFFFF);
					assertThat(level.status().status()).isNotNull();
				}
				for (TcbInfo.TdxModuleIdentity identity : info.tdxModuleIdentities()) {
					assertThat(identity.module().mrSigner()).hasSize(48);
				}
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	@Test
	void qeIdentityParseOnlyEverRefusesWithDcapVerificationException() throws Exception {
		Fuzz.Outcomes outcomes = Fuzz.<String>target("QeIdentity.parse")
			.accepting(DcapVerificationException.class)
			.timeout(Duration.ofSeconds(2))
			.describedBy(CollateralParsingFuzzTests::abbreviate)
			.run(Fuzz.tries(1), (random) -> next(QE_IDENTITIES, random), (json) -> {
				QeIdentity identity = QeIdentity.parse(json);
				assertThat(identity.id()).isNotNull();
				assertThat(identity.mrSigner()).hasSize(32);
				assertThat(identity.attributes()).hasSize(16);
				assertThat(identity.attributesMask()).hasSize(16);
				assertThat(identity.isvProdId()).isBetween(0, 0xFFFF);
				identity.tcbLevels().forEach((level) -> assertThat(level.isvSvn()).isBetween(0, 0xFFFF));
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	/** Mostly mutations of a real document, sometimes the document itself or random JSON. */
	static String next(List<String> documents, Random random) {
		String document = documents.get(random.nextInt(documents.size()));
		int kind = random.nextInt(20);
		if (kind == 0) {
			return document;
		}
		if (kind == 1) {
			return JsonMutator.randomValue(random, 3).toString();
		}
		return JsonMutator.mutate(document, random);
	}

	private static List<String> field(String name) {
		return COLLATERALS.stream().map((json) -> {
			try {
				JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
				return node.get(name).textValue();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	static String abbreviate(String text) {
		return (text.length() <= 400) ? text : text.length() + " chars: " + text.substring(0, 400) + "…";
	}

}
