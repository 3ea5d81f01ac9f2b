package com.teesql.jdbc.attestation.dcap;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.QuoteSignatureData;
import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.support.ByteMutator;
import com.teesql.jdbc.support.DerValues;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.jdbc.support.JsonMutator;
import com.teesql.jdbc.support.QuoteInputs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the DCAP quote parser and the full {@link DcapVerifier#verify} with mutated quotes and mutated collateral.
 * Besides "only {@link DcapVerificationException}, no hang", an accepted mutation must not have changed any evidence:
 * the quote's signed region, and everything the verifier reads from the collateral (see
 * {@link #requireSameEvidence}). Full verification is expensive, so those two runs use three tenths of
 * {@code teesql.fuzz.tries}; sizes and seed: see {@link Fuzz}.
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

	private static final String[] CHAIN_FIELDS = { "tcb_info_issuer_chain", "qe_identity_issuer_chain",
			"pck_crl_issuer_chain" };

	private static final String[] DER_FIELDS = { "root_ca_crl", "pck_crl", "tcb_info_issuer_chain",
			"qe_identity_issuer_chain", "pck_crl_issuer_chain" };

	private static final byte[] QUOTE_PCK_CHAIN = pckChainOf(QUOTE);

	private final DcapVerifier verifier = DcapVectors.verifier();

	private static byte[] pckChainOf(byte[] quote) {
		try {
			return TdxQuote.parse(quote).signatureData().pckCertData();
		}
		catch (QuoteFormatException ex) {
			throw new IllegalStateException("the test vector quote does not parse", ex);
		}
	}

	@Test
	void quoteParserOnlyEverRefusesWithQuoteFormatException() throws Exception {
		Fuzz.Outcomes outcomes = Fuzz.<byte[]>target("TdxQuote.parse + signatureData")
			.accepting(QuoteFormatException.class)
			.timeout(Duration.ofSeconds(2))
			.describedBy(ByteMutator::describe)
			.run(Fuzz.tries(1), QuoteInputs::next, (input) -> {
				TdxQuote quote = TdxQuote.parse(input);
				QuoteSignatureData signature = quote.signatureData();
				assertThat(signature.quoteSignature()).hasSize(64);
				assertThat(signature.attestationKey()).hasSize(64);
				assertThat(signature.qeReport()).hasSize(384);
				assertThat(signature.end() + quote.trailingBytes()).isEqualTo(input.length);
				assertThat(quote.trailingBytes()).isNotNegative();
				QeReport.parse(signature.qeReport());
				TdReport.from(quote);
				assertThat(quote.signatureDataLength()).isEqualTo(signature.end() - quote.signedLength() - 4);
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
	void verifyOnMutatedCollateralOnlyAcceptsChangesThatLeaveTheEvidenceAsIntelIssuedIt() throws Exception {
		DcapCollateral original = DcapVectors.v4Collateral();
		DcapVerificationResult expected = this.verifier.verify(QUOTE, original, DcapVectors.FIXTURE_NOW);
		Fuzz.Outcomes outcomes = Fuzz.<MutatedCollateral>target("DcapVerifier.verify(mutated collateral)")
			.accepting(DcapVerificationException.class)
			.timeout(Duration.ofSeconds(10))
			.allocationBudget(256L * 1024 * 1024)
			.run(Fuzz.tries(0.3), DcapVerifierFuzzTests::mutatedCollateral, (mutated) -> {
				DcapVerificationResult result;
				DcapCollateral collateral;
				try {
					collateral = DcapCollateral.fromJson(mutated.json());
					result = this.verifier.verify(QUOTE, collateral, DcapVectors.FIXTURE_NOW);
				}
				catch (DcapVerificationException ex) {
					if (mutated.neutral()) {
						throw new AssertionError("a change that leaves the evidence as it was is refused", ex);
					}
					throw ex;
				}
				requireSameEvidence(collateral, original);
				assertThat(result).as("verification result").isEqualTo(expected);
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	/**
	 * Requires accepted collateral to carry the same evidence as the original, as the verifier reads it. What may
	 * differ, because the verifier provably never sees it, is exactly:
	 * <ul>
	 * <li>the JSON around the values: layout, key order, unknown keys;</li>
	 * <li>the letter case of hex ({@code root_ca_crl}, {@code pck_crl}, the signatures): same bytes;</li>
	 * <li>for a CRL, bytes after its DER structure and a non-minimal length of its outer {@code SEQUENCE}: the JDK
	 * reads one structure and re-encodes that length, so the CRLs are compared as the DER they parse to;</li>
	 * <li>for a PEM chain, whitespace and NULs after it (the verifier trims them), any spelling that decodes to the
	 * same certificates, and every certificate off the path from the first one (the signer) to the pinned root: the
	 * others are only candidates for that path, and a root copy is never used (Intel's chains end with one, and the
	 * TCB and QE identity signers are issued by the root directly, so for them any change after the first
	 * certificate is neutral);</li>
	 * <li>{@code pck_crl_issuer_chain}, entirely: like dcap-qvl, the verifier never reads it (the PCK CRL is checked
	 * with the key of the PCK chain that leads to the pinned root), so changing it must not change the result, which
	 * the caller checks.</li>
	 * </ul>
	 * The signed texts ({@code tcb_info}, {@code qe_identity}) are compared as text, since their signatures cover the
	 * exact bytes.
	 */
	private static void requireSameEvidence(DcapCollateral accepted, DcapCollateral original) throws Exception {
		assertThat(accepted.tcbInfo()).as("tcb_info").isEqualTo(original.tcbInfo());
		assertThat(accepted.qeIdentity()).as("qe_identity").isEqualTo(original.qeIdentity());
		assertThat(accepted.tcbInfoSignature()).as("tcb_info_signature").isEqualTo(original.tcbInfoSignature());
		assertThat(accepted.qeIdentitySignature()).as("qe_identity_signature")
			.isEqualTo(original.qeIdentitySignature());
		assertThat(crlDer(accepted.rootCaCrl())).as("root_ca_crl as DER after parsing")
			.isEqualTo(crlDer(original.rootCaCrl()));
		assertThat(crlDer(accepted.pckCrl())).as("pck_crl as DER after parsing").isEqualTo(crlDer(original.pckCrl()));
		requireSameChain("tcb_info_issuer_chain", accepted.tcbInfoIssuerChain(), original.tcbInfoIssuerChain());
		requireSameChain("qe_identity_issuer_chain", accepted.qeIdentityIssuerChain(),
				original.qeIdentityIssuerChain());
		if (original.pckCertificateChain() == null) {
			assertThat(accepted.pckCertificateChain()).as("pck_certificate_chain").isNull();
		}
		else {
			requireSameChain("pck_certificate_chain", accepted.pckCertificateChain(), original.pckCertificateChain());
		}
	}

	private static void requireSameChain(String field, String accepted, String original) throws Exception {
		assertThat(pathDer(accepted, field)).as("%s: the signer and its path to the pinned root, as DER", field)
			.isEqualTo(pathDer(original, field));
	}

	/**
	 * The certificates a chain's first one reaches the pinned root through, each as hex DER: the chain as the
	 * verifier parses it (same PEM tolerance), then from the first certificate up, each issuer found among the
	 * others (by name and signature) until one is issued by the pinned root. Certificates off that path are never
	 * used.
	 */
	private static List<String> pathDer(String pem, String field) throws Exception {
		List<X509Certificate> chain = CertificateChainValidator.parsePem(pem, field,
				DcapVerificationException.Reason.MALFORMED_COLLATERAL);
		X509Certificate root = DcapVectors.intelRoot();
		List<X509Certificate> path = new ArrayList<>(List.of(chain.get(0)));
		X509Certificate current = chain.get(0);
		while (!isIssuedBy(current, root)) {
			X509Certificate issuer = null;
			for (X509Certificate candidate : chain) {
				if (!path.contains(candidate) && isIssuedBy(current, candidate)) {
					issuer = candidate;
					break;
				}
			}
			assertThat(issuer).as("%s: issuer of '%s' among the chain", field, current.getSubjectX500Principal())
				.isNotNull();
			path.add(issuer);
			current = issuer;
		}
		List<String> der = new ArrayList<>();
		for (X509Certificate certificate : path) {
			der.add(HexFormat.of().formatHex(certificate.getEncoded()));
		}
		return der;
	}

	private static boolean isIssuedBy(X509Certificate certificate, X509Certificate issuer) {
		if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
			return false;
		}
		try {
			certificate.verify(issuer.getPublicKey());
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static String crlDer(byte[] crl) throws Exception {
		X509CRL parsed = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crl));
		return HexFormat.of().formatHex(parsed.getEncoded());
	}

	/**
	 * Whole-document mutations, or one field changed in a way that keeps the document well formed: bytes or text at
	 * random, one bit inside a DER value of a CRL or certificate (the structure still parses, the content differs),
	 * or whole certificates of a chain dropped, repeated, reordered or replaced by other genuine Intel certificates.
	 */
	static MutatedCollateral mutatedCollateral(Random random) throws Exception {
		if (random.nextInt(4) == 0) {
			return new MutatedCollateral("whole document", false, JsonMutator.mutate(COLLATERAL_JSON, random));
		}
		ObjectNode root = (ObjectNode) MAPPER.readTree(COLLATERAL_JSON);
		String change;
		switch (random.nextInt(5)) {
			case 0 -> {
				String field = HEX_FIELDS[random.nextInt(HEX_FIELDS.length)];
				byte[] bytes = HexFormat.of().parseHex(root.get(field).textValue());
				root.put(field, Hex.encode(new ByteMutator().mutate(bytes, random)));
				change = field + ": bytes";
			}
			case 1 -> {
				String field = TEXT_FIELDS[random.nextInt(TEXT_FIELDS.length)];
				String text = root.get(field).textValue();
				root.put(field, field.endsWith("_chain") ? JsonMutator.mutateText(text, random)
						: JsonMutator.mutate(text, random));
				change = field + ": text";
			}
			case 2 -> {
				String field = DER_FIELDS[random.nextInt(DER_FIELDS.length)];
				if (field.endsWith("_crl")) {
					byte[] der = HexFormat.of().parseHex(root.get(field).textValue());
					root.put(field, Hex.encode(DerValues.flipOneBit(der, random)));
					change = field + ": one bit of a DER value";
				}
				else {
					List<byte[]> chain = pemDer(root.get(field).textValue());
					int index = random.nextInt(chain.size());
					chain.set(index, DerValues.flipOneBit(chain.get(index), random));
					root.put(field, pem(chain));
					change = field + ": one bit of a DER value of certificate " + index;
				}
			}
			case 3 -> {
				String field = CHAIN_FIELDS[random.nextInt(CHAIN_FIELDS.length)];
				List<byte[]> chain = pemDer(root.get(field).textValue());
				change = field + ": " + editChain(chain, random);
				root.put(field, pem(chain));
			}
			default -> {
				return new MutatedCollateral(neutralChange(root, random), true, root.toString());
			}
		}
		return new MutatedCollateral(change, false, root.toString());
	}

	/** Changes the verifier must accept as the same evidence (see {@link #requireSameEvidence}). */
	private static String neutralChange(ObjectNode root, Random random) throws Exception {
		switch (random.nextInt(4)) {
			case 0 -> {
				String field = HEX_FIELDS[random.nextInt(HEX_FIELDS.length)];
				root.put(field, root.get(field).textValue().toUpperCase(Locale.ROOT));
				return field + ": hex in upper case (neutral)";
			}
			case 1 -> {
				String field = random.nextBoolean() ? "root_ca_crl" : "pck_crl";
				byte[] trailing = new byte[1 + random.nextInt(16)];
				random.nextBytes(trailing);
				root.put(field, root.get(field).textValue() + Hex.encode(trailing));
				return field + ": bytes after the DER structure (neutral)";
			}
			case 2 -> {
				String field = CHAIN_FIELDS[random.nextInt(CHAIN_FIELDS.length)];
				List<byte[]> chain = pemDer(root.get(field).textValue());
				String respelled = pem(chain).replace("\n", "\r\n") + "\n\u0000";
				root.put(field, respelled);
				return field + ": CRLF line ends and a trailing NUL (neutral)";
			}
			default -> {
				String field = CHAIN_FIELDS[random.nextInt(CHAIN_FIELDS.length)];
				List<byte[]> chain = pemDer(root.get(field).textValue());
				chain.remove(chain.size() - 1);
				root.put(field, pem(chain));
				return field + ": root copy dropped (neutral)";
			}
		}
	}

	private static String editChain(List<byte[]> chain, Random random) throws Exception {
		switch (random.nextInt(5)) {
			case 0 -> {
				chain.remove(random.nextInt(chain.size()));
				return "a certificate dropped";
			}
			case 1 -> {
				chain.add(random.nextInt(chain.size() + 1), chain.get(random.nextInt(chain.size())));
				return "a certificate repeated";
			}
			case 2 -> {
				Collections.reverse(chain);
				return "order reversed";
			}
			case 3 -> {
				// Genuine Intel certificates that must not sign TCB info or QE identity: the PCK leaf (a non-CA
				// certificate chaining to the root) and the PCK Platform CA.
				List<byte[]> pckChain = pemDer(new String(QUOTE_PCK_CHAIN, StandardCharsets.UTF_8));
				chain.set(0, pckChain.get(random.nextInt(pckChain.size())));
				return "signer replaced by a certificate of the quote's PCK chain";
			}
			default -> {
				chain.clear();
				chain.addAll(pemDer(new String(QUOTE_PCK_CHAIN, StandardCharsets.UTF_8)));
				return "replaced by the quote's PCK chain";
			}
		}
	}

	private static List<byte[]> pemDer(String pem) throws Exception {
		List<byte[]> der = new ArrayList<>();
		for (X509Certificate certificate : CertificateChainValidator.parsePem(pem, "chain",
				DcapVerificationException.Reason.MALFORMED_COLLATERAL)) {
			der.add(certificate.getEncoded());
		}
		return der;
	}

	private static String pem(List<byte[]> chain) {
		StringBuilder pem = new StringBuilder();
		Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
		for (byte[] der : chain) {
			pem.append("-----BEGIN CERTIFICATE-----\n")
				.append(encoder.encodeToString(der))
				.append("\n-----END CERTIFICATE-----\n");
		}
		return pem.toString();
	}

	/**
	 * One mutated collateral document.
	 * @param change what was changed, for the failure message
	 * @param neutral whether the change leaves the evidence as it was (so it must be accepted)
	 * @param json the document
	 */
	record MutatedCollateral(String change, boolean neutral, String json) {

		@Override
		public String toString() {
			return this.change + "\n" + CollateralParsingFuzzTests.abbreviate(this.json);
		}

	}

}
