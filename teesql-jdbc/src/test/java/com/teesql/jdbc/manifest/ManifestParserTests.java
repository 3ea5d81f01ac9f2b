package com.teesql.jdbc.manifest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Wire-format rules of protocol §6.3 and the canonical body of §6.4.
 */
class ManifestParserTests {

	private static final String SIG = ";sig=0x" + "11".repeat(65);

	private static final String FIELDS = "cluster=0xBD32B609057A1A4569558A571D535C8F1212B097;epoch=42;"
			+ "leader_instance=EA23198E3419EBBB240571A29D0112D9BCBE69C0;leader_url=https://Leader.Example:8443/X;v=1;"
			+ "valid_until=4102444800";

	@Test
	void trimsDropsEmptyPartsIgnoresUnknownKeysAndCanonicalises() throws Exception {
		String wire = " v = 1 ;; extra=ignored; epoch=042 ;" + FIELDS.replace("v=1;", "").replace("epoch=42;", "") + SIG
				+ ";";
		ParsedManifest parsed = ManifestParser.parse(wire);
		assertThat(parsed.canonicalBody()).isEqualTo("cluster=0xbd32b609057a1a4569558a571d535c8f1212b097;epoch=42;"
				+ "leader_instance=ea23198e3419ebbb240571a29d0112d9bcbe69c0;leader_url=https://Leader.Example:8443/X;v=1;"
				+ "valid_until=4102444800");
		assertThat(parsed.signature()).isEqualTo("0x" + "11".repeat(65));
	}

	@Test
	void splitsEachPartAtTheFirstEqualsSign() throws Exception {
		ParsedManifest parsed = ManifestParser.parse(FIELDS.replace("/X", "/x?a=b=c") + SIG);
		assertThat(parsed.leaderUrl()).isEqualTo("https://Leader.Example:8443/x?a=b=c");
	}

	@Test
	void refusesDuplicateFields() {
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS + ";epoch=43" + SIG))
			.withMessage("duplicate field: epoch");
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS + SIG + SIG))
			.withMessage("duplicate field: sig");
	}

	@Test
	void namesTheMissingOrInvalidField() {
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS.replace("epoch=42;", "") + SIG))
			.withMessage("missing field: epoch");
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS.replace("leader_url=https://Leader.Example:8443/X", "leader_url=")
					+ SIG))
			.withMessage("missing field: leader_url");
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS.replace("v=1;", "") + SIG))
			.withMessage("missing field: v");
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS.replace("epoch=42", "epoch=-1") + SIG))
			.withMessage("invalid epoch: '-1' (expected a decimal integer below 2^63)");
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS.replace("valid_until=4102444800", "valid_until=99999999999999999999")
					+ SIG))
			.withMessageStartingWith("invalid valid_until: '99999999999999999999'");
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS.replace("cluster=0xBD32", "cluster=0xZZ32") + SIG))
			.withMessageStartingWith("invalid cluster: '0xZZ32");
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS.replace("leader_instance=EA23", "leader_instance=not-hex") + SIG))
			.withMessageStartingWith("invalid leader_instance: 'not-hex");
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS + ";garbage" + SIG))
			.withMessage("malformed field: 'garbage' (expected key=value)");
	}

	@Test
	void refusesEmptyAndOversizedInput() {
		assertThatExceptionOfType(MalformedManifestException.class).isThrownBy(() -> ManifestParser.parse("  "))
			.withMessage("manifest is empty");
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS + ";pad=" + "x".repeat(5000) + SIG))
			.withMessageStartingWith("manifest too long: ");
	}

	@Test
	void shortensEchoedValues() {
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> ManifestParser.parse(FIELDS + ";" + "y".repeat(500) + SIG))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("y".repeat(100)).hasSizeLessThan(130));
	}

}
