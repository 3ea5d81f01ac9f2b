package com.teesql.jdbc.attestation.dcap;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.security.auth.x500.X500Principal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.QuoteSignatureData;
import com.teesql.jdbc.attestation.RuntimeEvent;
import com.teesql.jdbc.attestation.ScaleReader;
import com.teesql.jdbc.attestation.TdxEventLogEntry;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.TdxQuoteLayout;
import com.teesql.jdbc.attestation.VersionedAttestation;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Asserts every leaf of {@code parsed_values.json} (written by an independent parser) against what this project's
 * parsers produce: {@link TdxQuote}, its {@link QuoteSignatureData}, {@link TdReport},
 * {@link VersionedAttestation} and {@link ScaleReader}; the three validity flags are recomputed with
 * {@link EcdsaP256} and the PCK chain with {@link CertificateChainValidator}.
 * <p>
 * A key in the JSON that no check below knows fails the test, so a value added to the vectors can never be skipped
 * silently; each check also counts, and every leaf must have been counted.
 */
class ParsedValuesTests {

	private static final JsonNode PARSED = DcapVectors.json("parsed_values.json");

	private static final List<String> FILES = List.of("tdx_quote_v4.bin", "tdx_quote_v5_td15.bin",
			"versioned_attestation_v0.bin");

	/** TD report field name in the JSON → offset inside the TD report. */
	private static final Map<String, Integer> REPORT_OFFSETS = reportOffsets();

	private int checkedLeaves;

	@Test
	void vectorFileListsExactlyTheThreeParsedFiles() {
		List<String> names = new ArrayList<>();
		PARSED.fieldNames().forEachRemaining(names::add);
		assertThat(names).containsExactlyInAnyOrderElementsOf(FILES);
	}

	@ParameterizedTest
	@ValueSource(strings = { "tdx_quote_v4.bin", "tdx_quote_v5_td15.bin", "versioned_attestation_v0.bin" })
	void everyLeafMatchesOurParsers(String file) throws Exception {
		byte[] fileBytes = DcapVectors.bytes(file);
		JsonNode expected = PARSED.get(file);
		byte[] quote = file.startsWith("versioned_attestation") ? VersionedAttestation.decode(fileBytes).quote()
				: fileBytes;
		Map<String, Check> checks = new LinkedHashMap<>();
		checks.put("sha256", (value) -> assertText("sha256", value, Hex.encode(sha256(fileBytes))));
		checks.put("quote_sha256", (value) -> assertText("quote_sha256", value, Hex.encode(sha256(quote))));
		checks.put("quote", (value) -> checkQuote(quote, value));
		checks.put("v0_envelope", (value) -> checkEnvelope(fileBytes, value));
		walk(file, expected, checks);
		assertThat(this.checkedLeaves).as("leaves checked").isEqualTo(countLeaves(expected));
	}

	@Test
	void aKeyWithoutACheckFailsTheTest() {
		JsonNode unexpected = new ObjectMapper().createObjectNode().put("surprise", 1);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> walk("test", unexpected, Map.of()))
			.withMessageContaining("'surprise'");
	}

	private void checkQuote(byte[] quote, JsonNode expected) throws Exception {
		TdxQuote tdx = TdxQuote.parse(quote);
		QuoteSignatureData signature = tdx.signatureData();
		TdReport report = TdReport.from(tdx);
		Map<String, Function<TdReport, String>> reportFields = tdReportAccessors();
		Map<String, Check> checks = new LinkedHashMap<>();
		checks.put("version", (value) -> assertNumber("version", value, tdx.version()));
		checks.put("att_key_type", (value) -> assertNumber("att_key_type", value, tdx.attestationKeyType()));
		checks.put("tee_type", (value) -> assertText("tee_type", value, "0x" + Long.toHexString(tdx.teeType())));
		checks.put("qe_vendor_id", (value) -> assertText("qe_vendor_id", value, Hex.encode(tdx.qeVendorId())));
		checks.put("user_data", (value) -> assertText("user_data", value, Hex.encode(tdx.userData())));
		checks.put("total_len", (value) -> assertNumber("total_len", value, tdx.bytes().length));
		checks.put("body_type", (value) -> assertNumber("body_type", value, tdx.bodyType()));
		checks.put("body_size", (value) -> assertNumber("body_size", value, tdx.tdReport().length));
		for (String field : REPORT_OFFSETS.keySet()) {
			checks.put(field, (value) -> {
				// The raw field and the verifier's report must both agree with the independent parser.
				assertText(field, value, Hex.encode(tdxReportField(tdx, field)));
				assertThat(reportFields.get(field).apply(report)).as("TdReport " + field).isEqualTo(value.asText());
			});
		}
		checks.put("field_offsets", (offsets) -> checkFieldOffsets(tdx, quote, offsets));
		checks.put("signed_length", (value) -> assertNumber("signed_length", value, tdx.signedLength()));
		checks.put("sig_data_len", (value) -> {
			assertNumber("sig_data_len", value, tdx.signatureDataLength());
			assertThat(signature.end() - tdx.signedLength() - 4).as("parsed signature data length")
				.isEqualTo(tdx.signatureDataLength());
		});
		checks.put("trailing_after_sigdata", (value) -> {
			assertNumber("trailing_after_sigdata", value, tdx.trailingBytes());
			assertThat(quote.length - tdx.signedLength() - 4 - tdx.signatureDataLength())
				.as("TdxQuote trailing bytes")
				.isEqualTo(tdx.trailingBytes());
		});
		checks.put("cert_data_type", (value) -> assertNumber("cert_data_type", value,
				u16(quote, tdx.signedLength() + TdxQuoteLayout.SIG_CERT_DATA_TYPE)));
		checks.put("cert_data_size", (value) -> {
			long declared = u32(quote, tdx.signedLength() + TdxQuoteLayout.SIG_CERT_DATA_SIZE);
			assertNumber("cert_data_size", value, declared);
			// The parsed parts fill the declared blob exactly (no hidden bytes in these vectors).
			assertThat(TdxQuoteLayout.QE_REPORT_SIZE + TdxQuoteLayout.ECDSA_SIGNATURE_SIZE + 2
					+ signature.qeAuthData().length + 6 + signature.pckCertData().length).isEqualTo(declared);
		});
		checks.put("qe_auth_data_len", (value) -> assertNumber("qe_auth_data_len", value, signature.qeAuthData().length));
		checks.put("inner_cert_type", (value) -> assertNumber("inner_cert_type", value, signature.pckCertDataType()));
		checks.put("inner_cert_size", (value) -> assertNumber("inner_cert_size", value, signature.pckCertData().length));
		checks.put("attestation_key",
				(value) -> assertText("attestation_key", value, Hex.encode(signature.attestationKey())));
		checks.put("isv_sig_valid", (value) -> assertBoolean("isv_sig_valid", value, quoteSignatureValid(quote, tdx)));
		checks.put("qe_report_data_binding_ok",
				(value) -> assertBoolean("qe_report_data_binding_ok", value, qeReportDataBinds(signature)));
		checks.put("qe_report_sig_valid",
				(value) -> assertBoolean("qe_report_sig_valid", value, qeReportSignatureValid(signature)));
		checks.put("pck_chain_subjects", (value) -> checkPckSubjects(signature, value));
		checks.put("is_debug", (value) -> assertBoolean("is_debug", value, tdx.isDebug()));
		walk("quote", expected, checks);
	}

	private void checkFieldOffsets(TdxQuote tdx, byte[] quote, JsonNode offsets) throws Exception {
		Map<String, Check> checks = new LinkedHashMap<>();
		for (Map.Entry<String, Integer> field : REPORT_OFFSETS.entrySet()) {
			checks.put(field.getKey(), (value) -> {
				int offset = tdx.reportOffset() + field.getValue();
				assertNumber("field_offsets." + field.getKey(), value, offset);
				// The accessor really reads the bytes at that offset of the raw quote.
				byte[] read = tdxReportField(tdx, field.getKey());
				assertThat(Arrays.copyOfRange(quote, offset, offset + read.length))
					.as("bytes at field_offsets." + field.getKey())
					.isEqualTo(read);
			});
		}
		walk("field_offsets", offsets, checks);
	}

	private void checkEnvelope(byte[] payload, JsonNode expected) throws Exception {
		VersionedAttestation envelope = VersionedAttestation.decode(payload);
		ScaleReader reader = new ScaleReader(payload);
		int tag = reader.u8("tag");
		int variant = reader.u8("variant");
		long quoteLength = reader.compactU32("quote length");
		int quoteOffset = reader.position();
		Map<String, Check> checks = new LinkedHashMap<>();
		checks.put("versioned_tag", (value) -> assertNumber("versioned_tag", value, tag));
		checks.put("quote_variant", (value) -> assertNumber("quote_variant", value, variant));
		checks.put("quote_len", (value) -> {
			assertNumber("quote_len", value, quoteLength);
			assertThat(envelope.quote()).hasSize((int) quoteLength);
		});
		checks.put("quote_offset", (value) -> {
			assertNumber("quote_offset", value, quoteOffset);
			assertThat(Arrays.copyOfRange(payload, quoteOffset, quoteOffset + (int) quoteLength))
				.isEqualTo(envelope.quote());
		});
		checks.put("event_log_count", (value) -> assertNumber("event_log_count", value, envelope.eventLog().size()));
		checks.put("event_log", (value) -> checkEventLog(envelope.eventLog(), value));
		checks.put("runtime_events_count",
				(value) -> assertNumber("runtime_events_count", value, envelope.runtimeEvents().size()));
		checks.put("runtime_events", (value) -> checkRuntimeEvents(envelope.runtimeEvents(), value));
		checks.put("report_data", (value) -> assertText("report_data", value, Hex.encode(envelope.reportData())));
		checks.put("config", (value) -> assertText("config", value, envelope.config()));
		checks.put("trailing", (value) -> {
			// decode() refuses trailing bytes, so having decoded means our parser found none.
			assertNumber("trailing", value, 0);
		});
		walk("v0_envelope", expected, checks);
	}

	private void checkEventLog(List<TdxEventLogEntry> entries, JsonNode expected) throws Exception {
		assertThat(expected.isArray()).isTrue();
		assertThat(entries).hasSize(expected.size());
		for (int i = 0; i < expected.size(); i++) {
			TdxEventLogEntry entry = entries.get(i);
			String at = "event_log[" + i + "].";
			Map<String, Check> checks = new LinkedHashMap<>();
			checks.put("imr", (value) -> assertNumber(at + "imr", value, entry.imr()));
			checks.put("event_type",
					(value) -> assertText(at + "event_type", value, "0x" + Long.toHexString(entry.eventType())));
			checks.put("event", (value) -> assertText(at + "event", value, entry.event()));
			checks.put("payload_len", (value) -> assertNumber(at + "payload_len", value, entry.payload().length));
			checks.put("digest", (value) -> assertText(at + "digest", value, Hex.encode(entry.digest())));
			walk(at, expected.get(i), checks);
		}
	}

	private void checkRuntimeEvents(List<RuntimeEvent> events, JsonNode expected) throws Exception {
		assertThat(expected.isArray()).isTrue();
		assertThat(events).hasSize(expected.size());
		for (int i = 0; i < expected.size(); i++) {
			RuntimeEvent event = events.get(i);
			String at = "runtime_events[" + i + "].";
			Map<String, Check> checks = new LinkedHashMap<>();
			checks.put("event", (value) -> assertText(at + "event", value, event.event()));
			checks.put("payload", (value) -> assertText(at + "payload", value, event.payloadHex()));
			walk(at, expected.get(i), checks);
		}
	}

	private void checkPckSubjects(QuoteSignatureData signature, JsonNode expected) throws Exception {
		List<X509Certificate> chain = CertificateChainValidator.parsePem(signature.pckCertData(), "PCK chain",
				Reason.MALFORMED_QUOTE);
		assertThat(expected.isArray()).isTrue();
		assertThat(chain).hasSize(expected.size());
		for (int i = 0; i < expected.size(); i++) {
			// RFC 2253 form, as PckCertificate reports the PCK subject.
			String subject = chain.get(i).getSubjectX500Principal().getName(X500Principal.RFC2253);
			assertText("pck_chain_subjects[" + i + "]", expected.get(i), subject);
		}
	}

	private static boolean quoteSignatureValid(byte[] quote, TdxQuote dcap) throws Exception {
		PublicKey key = EcdsaP256.publicKey(dcap.signatureData().attestationKey());
		return key != null
				&& EcdsaP256.verify(key, quote, dcap.signedLength(), dcap.signatureData().quoteSignature());
	}

	/** Like DCAP step 7: the first 32 bytes of the QE REPORTDATA are SHA-256(attestation key ‖ QE auth data). */
	private static boolean qeReportDataBinds(QuoteSignatureData signature) throws Exception {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		sha256.update(signature.attestationKey());
		sha256.update(signature.qeAuthData());
		byte[] reportData = QeReport.reportDataBytes(signature.qeReport());
		return MessageDigest.isEqual(sha256.digest(), Arrays.copyOf(reportData, 32));
	}

	private static boolean qeReportSignatureValid(QuoteSignatureData signature) throws Exception {
		X509Certificate leaf = CertificateChainValidator
			.parsePem(signature.pckCertData(), "PCK chain", Reason.MALFORMED_QUOTE)
			.get(0);
		return EcdsaP256.verify(leaf.getPublicKey(), signature.qeReport(), signature.qeReport().length,
				signature.qeReportSignature());
	}

	private static byte[] tdxReportField(TdxQuote quote, String field) {
		return switch (field) {
			case "tee_tcb_svn" -> quote.teeTcbSvn();
			case "mr_seam" -> quote.mrSeam();
			case "mr_signer_seam" -> quote.mrSignerSeam();
			case "seam_attributes" -> quote.seamAttributes();
			case "td_attributes" -> quote.tdAttributes();
			case "xfam" -> quote.xfam();
			case "mr_td" -> quote.mrTd();
			case "mr_config_id" -> quote.mrConfigId();
			case "mr_owner" -> quote.mrOwner();
			case "mr_owner_config" -> quote.mrOwnerConfig();
			case "rtmr0" -> quote.rtmr(0);
			case "rtmr1" -> quote.rtmr(1);
			case "rtmr2" -> quote.rtmr(2);
			case "rtmr3" -> quote.rtmr(3);
			case "report_data" -> quote.reportData();
			case "tee_tcb_svn2" -> quote.teeTcbSvn2().orElseThrow();
			case "mr_service_td" -> quote.mrServiceTd().orElseThrow();
			default -> throw new IllegalArgumentException(field);
		};
	}

	private static Map<String, Function<TdReport, String>> tdReportAccessors() {
		Map<String, Function<TdReport, String>> accessors = new LinkedHashMap<>();
		accessors.put("tee_tcb_svn", TdReport::teeTcbSvn);
		accessors.put("mr_seam", TdReport::mrSeam);
		accessors.put("mr_signer_seam", TdReport::mrSignerSeam);
		accessors.put("seam_attributes", TdReport::seamAttributes);
		accessors.put("td_attributes", TdReport::tdAttributes);
		accessors.put("xfam", TdReport::xfam);
		accessors.put("mr_td", TdReport::mrTd);
		accessors.put("mr_config_id", TdReport::mrConfigId);
		accessors.put("mr_owner", TdReport::mrOwner);
		accessors.put("mr_owner_config", TdReport::mrOwnerConfig);
		accessors.put("rtmr0", TdReport::rtmr0);
		accessors.put("rtmr1", TdReport::rtmr1);
		accessors.put("rtmr2", TdReport::rtmr2);
		accessors.put("rtmr3", TdReport::rtmr3);
		accessors.put("report_data", TdReport::reportData);
		accessors.put("tee_tcb_svn2", TdReport::teeTcbSvn2);
		accessors.put("mr_service_td", TdReport::mrServiceTd);
		return accessors;
	}

	private static Map<String, Integer> reportOffsets() {
		Map<String, Integer> offsets = new LinkedHashMap<>();
		offsets.put("tee_tcb_svn", TdxQuoteLayout.TEE_TCB_SVN);
		offsets.put("mr_seam", TdxQuoteLayout.MR_SEAM);
		offsets.put("mr_signer_seam", TdxQuoteLayout.MR_SIGNER_SEAM);
		offsets.put("seam_attributes", TdxQuoteLayout.SEAM_ATTRIBUTES);
		offsets.put("td_attributes", TdxQuoteLayout.TD_ATTRIBUTES);
		offsets.put("xfam", TdxQuoteLayout.XFAM);
		offsets.put("mr_td", TdxQuoteLayout.MR_TD);
		offsets.put("mr_config_id", TdxQuoteLayout.MR_CONFIG_ID);
		offsets.put("mr_owner", TdxQuoteLayout.MR_OWNER);
		offsets.put("mr_owner_config", TdxQuoteLayout.MR_OWNER_CONFIG);
		offsets.put("rtmr0", TdxQuoteLayout.RTMR0);
		offsets.put("rtmr1", TdxQuoteLayout.RTMR1);
		offsets.put("rtmr2", TdxQuoteLayout.RTMR2);
		offsets.put("rtmr3", TdxQuoteLayout.RTMR3);
		offsets.put("report_data", TdxQuoteLayout.REPORT_DATA);
		offsets.put("tee_tcb_svn2", TdxQuoteLayout.TEE_TCB_SVN2);
		offsets.put("mr_service_td", TdxQuoteLayout.MR_SERVICE_TD);
		return offsets;
	}

	// Independent little-endian reads of the raw bytes, so the test does not use the parser it checks.
	private static int u16(byte[] bytes, int offset) {
		return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
	}

	private static long u32(byte[] bytes, int offset) {
		return (bytes[offset] & 0xFFL) | (bytes[offset + 1] & 0xFFL) << 8 | (bytes[offset + 2] & 0xFFL) << 16
				| (bytes[offset + 3] & 0xFFL) << 24;
	}

	private static byte[] sha256(byte[] bytes) throws Exception {
		return MessageDigest.getInstance("SHA-256").digest(bytes);
	}

	/** Runs the check of every key of {@code object}; a key without a check fails the test. */
	private void walk(String where, JsonNode object, Map<String, Check> checks) throws Exception {
		assertThat(object.isObject()).as(where + " is an object").isTrue();
		for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> field = it.next();
			Check check = checks.get(field.getKey());
			if (check == null) {
				fail("parsed_values.json has key '%s' in %s that this test does not assert", field.getKey(), where);
			}
			check.apply(field.getValue());
		}
	}

	private void assertText(String name, JsonNode expected, String actual) {
		assertThat(expected.isTextual()).as(name + " is a string").isTrue();
		assertThat(actual).as(name).isEqualTo(expected.textValue());
		this.checkedLeaves++;
	}

	private void assertNumber(String name, JsonNode expected, long actual) {
		assertThat(expected.isIntegralNumber()).as(name + " is an integer").isTrue();
		assertThat(actual).as(name).isEqualTo(expected.longValue());
		this.checkedLeaves++;
	}

	private void assertBoolean(String name, JsonNode expected, boolean actual) {
		assertThat(expected.isBoolean()).as(name + " is a boolean").isTrue();
		assertThat(actual).as(name).isEqualTo(expected.booleanValue());
		this.checkedLeaves++;
	}

	private static int countLeaves(JsonNode node) {
		if (node.isContainerNode()) {
			int count = 0;
			for (JsonNode child : node) {
				count += countLeaves(child);
			}
			return count;
		}
		return 1;
	}

	@FunctionalInterface
	private interface Check {

		void apply(JsonNode value) throws Exception;

	}

}
