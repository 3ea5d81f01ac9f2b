package com.teesql.jdbc.attestation;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.support.ByteMutator;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.jdbc.support.QuoteInputs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link TdxQuote#parse(byte[])}: it either returns a quote whose every accessor works and whose declared
 * structure fits the input, or throws {@link QuoteFormatException}. Sizes and seed: see {@link Fuzz}.
 */
class TdxQuoteFuzzTests {

	@Test
	void parseOnlyEverRefusesWithQuoteFormatException() throws Exception {
		Fuzz.Outcomes outcomes = Fuzz.<byte[]>target("TdxQuote.parse")
			.accepting(QuoteFormatException.class)
			.timeout(Duration.ofSeconds(2))
			.describedBy(ByteMutator::describe)
			.run(Fuzz.tries(1), QuoteInputs::next, TdxQuoteFuzzTests::parseAndReadEverything);
		// Both outcomes must actually occur, or the generator is not exercising the parser.
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	static void parseAndReadEverything(byte[] input) throws QuoteFormatException {
		TdxQuote quote = TdxQuote.parse(input);
		assertThat(quote.version()).isIn(4, 5);
		assertThat(quote.attestationKeyType()).isEqualTo(2);
		assertThat(quote.teeType()).isEqualTo(0x81);
		assertThat(quote.bodyType()).isIn(2, 3);
		assertThat(quote.signedLength() + 4L + quote.signatureDataLength()).isLessThanOrEqualTo(input.length);
		assertThat(quote.signatureDataBytes()).hasSize((int) quote.signatureDataLength());
		assertThat(quote.bytes()).isEqualTo(input);
		quote.qeSvn();
		quote.pceSvn();
		assertThat(quote.qeVendorId()).hasSize(16);
		assertThat(quote.userData()).hasSize(20);
		assertThat(quote.teeTcbSvn()).hasSize(16);
		assertThat(quote.mrSeam()).hasSize(48);
		assertThat(quote.mrSignerSeam()).hasSize(48);
		assertThat(quote.seamAttributes()).hasSize(8);
		assertThat(quote.tdAttributes()).hasSize(8);
		assertThat(quote.xfam()).hasSize(8);
		assertThat(quote.mrTdHex()).hasSize(96);
		assertThat(quote.mrConfigId()).hasSize(48);
		assertThat(quote.mrOwner()).hasSize(48);
		assertThat(quote.mrOwnerConfig()).hasSize(48);
		for (int i = 0; i < 4; i++) {
			assertThat(quote.rtmrHex(i)).hasSize(96);
		}
		assertThat(quote.reportData()).hasSize(64);
		assertThat(quote.teeTcbSvn2().isPresent()).isEqualTo(quote.isTdReport15());
		assertThat(quote.mrServiceTd().isPresent()).isEqualTo(quote.isTdReport15());
		quote.isDebug();
		assertThat(quote.toString()).contains(quote.mrTdHex());
	}

}
