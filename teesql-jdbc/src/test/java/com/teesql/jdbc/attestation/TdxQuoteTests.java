package com.teesql.jdbc.attestation;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

class TdxQuoteTests {

	private static final JsonNode PARSED = TestVectors.json("parsed_values.json");

	private static final Map<String, Function<TdxQuote, Object>> FIELDS = Map.ofEntries(
			Map.entry("version", TdxQuote::version), Map.entry("att_key_type", TdxQuote::attestationKeyType),
			Map.entry("tee_type", (q) -> "0x" + Long.toHexString(q.teeType())),
			Map.entry("qe_vendor_id", (q) -> Hex.encode(q.qeVendorId())),
			Map.entry("user_data", (q) -> Hex.encode(q.userData())),
			Map.entry("tee_tcb_svn", (q) -> Hex.encode(q.teeTcbSvn())),
			Map.entry("mr_seam", (q) -> Hex.encode(q.mrSeam())),
			Map.entry("mr_signer_seam", (q) -> Hex.encode(q.mrSignerSeam())),
			Map.entry("seam_attributes", (q) -> Hex.encode(q.seamAttributes())),
			Map.entry("td_attributes", (q) -> Hex.encode(q.tdAttributes())),
			Map.entry("xfam", (q) -> Hex.encode(q.xfam())), Map.entry("mr_td", TdxQuote::mrTdHex),
			Map.entry("mr_config_id", (q) -> Hex.encode(q.mrConfigId())),
			Map.entry("mr_owner", (q) -> Hex.encode(q.mrOwner())),
			Map.entry("mr_owner_config", (q) -> Hex.encode(q.mrOwnerConfig())),
			Map.entry("rtmr0", (q) -> q.rtmrHex(0)), Map.entry("rtmr1", (q) -> q.rtmrHex(1)),
			Map.entry("rtmr2", (q) -> q.rtmrHex(2)), Map.entry("rtmr3", (q) -> q.rtmrHex(3)),
			Map.entry("report_data", (q) -> Hex.encode(q.reportData())),
			Map.entry("tee_tcb_svn2", (q) -> Hex.encode(q.teeTcbSvn2().orElseThrow())),
			Map.entry("mr_service_td", (q) -> Hex.encode(q.mrServiceTd().orElseThrow())),
			Map.entry("body_type", TdxQuote::bodyType), Map.entry("body_size", (q) -> q.signedLength() - q.reportOffset()),
			Map.entry("total_len", (q) -> q.bytes().length), Map.entry("signed_length", TdxQuote::signedLength),
			Map.entry("sig_data_len", TdxQuote::signatureDataLength), Map.entry("is_debug", TdxQuote::isDebug));

	private static byte[] quoteBytes(String vector) {
		if (vector.equals("versioned_attestation_v0.bin")) {
			return Arrays.copyOfRange(TestVectors.bytes(vector), 4, 5014);
		}
		return TestVectors.bytes(vector);
	}

	@ParameterizedTest
	@ValueSource(strings = { "tdx_quote_v4.bin", "tdx_quote_v5_td15.bin", "versioned_attestation_v0.bin" })
	void parsesEveryListedFieldLikeTheIndependentParser(String vector) throws Exception {
		TdxQuote quote = TdxQuote.parse(quoteBytes(vector));
		JsonNode expected = PARSED.get(vector).get("quote");
		int checked = 0;
		for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> field = it.next();
			Function<TdxQuote, Object> accessor = FIELDS.get(field.getKey());
			if (accessor == null) {
				continue; // signature internals, verified by the DCAP verifier
			}
			Object actual = accessor.apply(quote);
			JsonNode value = field.getValue();
			Object expectedValue = value.isBoolean() ? (Object) value.asBoolean()
					: value.isNumber() ? (Object) value.asLong() : value.asText();
			if (actual instanceof Integer integer) {
				actual = integer.longValue();
			}
			assertThat(actual).as(field.getKey()).isEqualTo(expectedValue);
			checked++;
		}
		assertThat(checked).isGreaterThanOrEqualTo(quote.isTdReport15() ? 28 : 24);
		JsonNode offsets = expected.get("field_offsets");
		assertThat(quote.reportOffset()).isEqualTo(offsets.get("tee_tcb_svn").asInt());
		assertThat(offsets.get("report_data").asInt()).isEqualTo(quote.reportOffset() + TdxQuoteLayout.REPORT_DATA);
		assertThat(offsets.get("mr_td").asInt()).isEqualTo(quote.reportOffset() + TdxQuoteLayout.MR_TD);
	}

	@Test
	void versionFourHasNoTdReport15Fields() throws Exception {
		TdxQuote quote = TdxQuote.parse(quoteBytes("tdx_quote_v4.bin"));
		assertThat(quote.isTdReport15()).isFalse();
		assertThat(quote.teeTcbSvn2()).isEmpty();
		assertThat(quote.mrServiceTd()).isEmpty();
		assertThat(quote.signatureDataBytes()).hasSize((int) quote.signatureDataLength());
	}

	@ParameterizedTest
	@ValueSource(strings = { "tdx_quote_v4.bin", "tdx_quote_v5_td15.bin" })
	void rejectsEveryTruncationBeforeTheEndOfTheSignatureData(String vector) throws Exception {
		byte[] bytes = quoteBytes(vector);
		TdxQuote quote = TdxQuote.parse(bytes);
		int end = quote.signedLength() + 4 + (int) quote.signatureDataLength();
		for (int length = 0; length < end; length++) {
			byte[] truncated = Arrays.copyOf(bytes, length);
			assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> TdxQuote.parse(truncated));
		}
		assertThat(TdxQuote.parse(Arrays.copyOf(bytes, end)).mrTdHex()).isEqualTo(quote.mrTdHex());
	}

	@Test
	void namesTheOffendingHeaderField() {
		byte[] bytes = quoteBytes("tdx_quote_v4.bin");
		byte[] version = bytes.clone();
		version[0] = 3;
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> TdxQuote.parse(version))
			.withMessageContaining("version 3");
		byte[] keyType = bytes.clone();
		keyType[2] = 3;
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> TdxQuote.parse(keyType))
			.withMessageContaining("attestation_key_type 3");
		byte[] teeType = bytes.clone();
		teeType[4] = 0;
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> TdxQuote.parse(teeType))
			.withMessageContaining("tee_type 0x00000000");
		byte[] v5 = quoteBytes("tdx_quote_v5_td15.bin");
		byte[] bodyType = v5.clone();
		bodyType[48] = 1;
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> TdxQuote.parse(bodyType))
			.withMessageContaining("body_type 1");
		byte[] bodySize = v5.clone();
		bodySize[50] = 0;
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> TdxQuote.parse(bodySize))
			.withMessageContaining("body size");
		byte[] sigLength = bytes.clone();
		sigLength[632 + 3] = 0x7f;
		assertThatExceptionOfType(QuoteFormatException.class).isThrownBy(() -> TdxQuote.parse(sigLength))
			.withMessageContaining("signature data length");
	}

	@Test
	void garbageOnlyEverFailsWithQuoteFormatException() {
		Random random = new Random(7);
		byte[] template = quoteBytes("tdx_quote_v5_td15.bin");
		for (int i = 0; i < 3000; i++) {
			byte[] input = (i % 2 == 0) ? new byte[random.nextInt(800)] : template.clone();
			if (i % 2 == 0) {
				random.nextBytes(input);
				if (input.length > 8 && random.nextBoolean()) {
					input[0] = (byte) (4 + random.nextInt(2));
					input[1] = 0;
					input[2] = 2;
					input[3] = 0;
					input[4] = (byte) 0x81;
					input[5] = 0;
					input[6] = 0;
					input[7] = 0;
				}
			}
			else {
				input[random.nextInt(60)] = (byte) random.nextInt(256);
				input[702 + random.nextInt(4)] = (byte) random.nextInt(256);
			}
			try {
				TdxQuote.parse(input);
			}
			catch (QuoteFormatException ex) {
				// expected
			}
			catch (RuntimeException ex) {
				fail("unexpected " + ex, ex);
			}
		}
	}

	@Test
	void detectsTheDebugBit() throws Exception {
		byte[] bytes = quoteBytes("tdx_quote_v4.bin");
		assertThat(TdxQuote.parse(bytes).isDebug()).isFalse();
		bytes[TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.TD_ATTRIBUTES] |= 0x01;
		assertThat(TdxQuote.parse(bytes).isDebug()).isTrue();
	}

}
