package com.teesql.jdbc.attestation.dcap;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.support.ByteMutator;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.jdbc.support.JsonMutator;
import com.teesql.jdbc.support.QuoteInputs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the DCAP quote parser and the full {@link DcapVerifier#verify} with mutated quotes and mutated collateral.
 * Besides "only {@link DcapVerificationException}, no hang", an accepted mutation must not have touched anything
 * signed: the quote's signed region, or the signed TCB info and QE identity texts. Full verification is expensive,
 * so those two runs use three tenths of {@code teesql.fuzz.tries}; sizes and seed: see {@link Fuzz}.
 */
class DcapVerifierFuzzTests {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final byte[] QUOTE = DcapVectors.v4Quote();

	private static final int SIGNED_LENGTH = 632;

	private static final ByteMutator QUOTE_MUTATOR = new ByteMutator(QuoteInputs.lengthFields(SIGNED_LENGTH, false));

	private static final String COLLATERAL_JSON = DcapVectors.text("tdx_quote_v4_collateral.json");

	private static final String[] HEX_FIELDS = { "root_ca_crl", "pck_crl", "tcb_info_signature",
			"qe_identity_signature" };

	private static final String[] TEXT_FIELDS = { "tcb_info", "qe_identity", "tcb_info_issuer_chain",
			"qe_identity_issuer_chain", "pck_crl_issuer_chain" };

	private final DcapVerifier verifier = DcapVectors.verifier();

	@Test
	void quoteParserOnlyEverRefusesWithDcapVerificationExceptionAndAgreesWithTdxQuote() throws Exception {
		Fuzz.Outcomes outcomes = Fuzz.<byte[]>target("DcapQuote.parse")
			.accepting(DcapVerificationException.class)
			.timeout(Duration.ofSeconds(2))
			.describedBy(ByteMutator::describe)
			.run(Fuzz.tries(1), QuoteInputs::next, (input) -> {
				DcapQuote quote = DcapQuote.parse(input);
				QuoteSignatureData signature = quote.signatureData();
				assertThat(signature.quoteSignature()).hasSize(64);
				assertThat(signature.attestationKey()).hasSize(64);
				assertThat(signature.qeReport()).hasSize(384);
				assertThat(signature.end() + quote.trailingBytes()).isEqualTo(input.length);
				assertThat(quote.trailingBytes()).isNotNegative();
				QeReport.parse(signature.qeReport());
				TdReport.from(quote);
				// Whatever the stricter DCAP parser accepts, the policy-side parser must read identically.
				TdxQuote tdx;
				try {
					tdx = TdxQuote.parse(input);
				}
				catch (QuoteFormatException ex) {
					throw new AssertionError("DcapQuote accepted what TdxQuote refuses: " + ex.getMessage(), ex);
				}
				assertThat(tdx.signedLength()).isEqualTo(quote.signedLength());
				assertThat(tdx.signatureDataLength()).isEqualTo(signature.end() - quote.signedLength() - 4);
				assertThat(tdx.bodyType()).isEqualTo(quote.bodyType());
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	@Test
	void verifyOnMutatedQuotesOnlyAcceptsUnsignedChanges() throws Exception {
		DcapCollateral collateral = DcapVectors.v4Collateral();
		Fuzz.<byte[]>target("DcapVerifier.verify(mutated quote)")
			.accepting(DcapVerificationException.class)
			.timeout(Duration.ofSeconds(10))
			.allocationBudget(256L * 1024 * 1024)
			.describedBy(ByteMutator::describe)
			.run(Fuzz.tries(0.3), (random) -> QUOTE_MUTATOR.mutate(QUOTE, random), (quote) -> {
				DcapVerificationResult result = this.verifier.verify(quote, collateral, DcapVectors.FIXTURE_NOW);
				assertThat(Arrays.copyOf(quote, SIGNED_LENGTH)).as("signed region of an accepted quote")
					.isEqualTo(Arrays.copyOf(QUOTE, SIGNED_LENGTH));
				assertThat(result.status()).isEqualTo(TcbStatus.UP_TO_DATE);
			});
	}

	@Test
	void verifyOnMutatedCollateralOnlyAcceptsUnsignedChanges() throws Exception {
		DcapCollateral original = DcapVectors.v4Collateral();
		Fuzz.<String>target("DcapVerifier.verify(mutated collateral)")
			.accepting(DcapVerificationException.class)
			.timeout(Duration.ofSeconds(10))
			.allocationBudget(256L * 1024 * 1024)
			.describedBy(CollateralParsingFuzzTests::abbreviate)
			.run(Fuzz.tries(0.3), DcapVerifierFuzzTests::mutatedCollateral, (json) -> {
				DcapCollateral collateral = DcapCollateral.fromJson(json);
				DcapVerificationResult result = this.verifier.verify(QUOTE, collateral, DcapVectors.FIXTURE_NOW);
				assertThat(collateral.tcbInfo()).isEqualTo(original.tcbInfo());
				assertThat(collateral.qeIdentity()).isEqualTo(original.qeIdentity());
				assertThat(collateral.tcbInfoSignature()).isEqualTo(original.tcbInfoSignature());
				assertThat(collateral.qeIdentitySignature()).isEqualTo(original.qeIdentitySignature());
				assertThat(result.status()).isEqualTo(TcbStatus.UP_TO_DATE);
			});
	}

	/** Whole-document mutations, or one field changed in a way that keeps the document well formed. */
	private static String mutatedCollateral(Random random) throws Exception {
		if (random.nextInt(3) == 0) {
			return JsonMutator.mutate(COLLATERAL_JSON, random);
		}
		ObjectNode root = (ObjectNode) MAPPER.readTree(COLLATERAL_JSON);
		if (random.nextBoolean()) {
			String field = HEX_FIELDS[random.nextInt(HEX_FIELDS.length)];
			byte[] bytes = java.util.HexFormat.of().parseHex(root.get(field).textValue());
			root.put(field, DcapHex.of(new ByteMutator().mutate(bytes, random)));
		}
		else {
			String field = TEXT_FIELDS[random.nextInt(TEXT_FIELDS.length)];
			String text = root.get(field).textValue();
			root.put(field, field.endsWith("_chain") ? JsonMutator.mutateText(text, random)
					: JsonMutator.mutate(text, random));
		}
		return root.toString();
	}

}
