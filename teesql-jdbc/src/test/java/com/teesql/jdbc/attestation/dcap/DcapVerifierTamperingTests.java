package com.teesql.jdbc.attestation.dcap;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.security.auth.x500.X500Principal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One modification of the real fixture per class of tampering; each must be refused at the step that guards it.
 */
class DcapVerifierTamperingTests {

	// Absolute offsets in tdx_quote_v4.bin (dcap.md §3).
	private static final int USER_DATA = 28;

	private static final int MR_TD = 48 + 136;

	private static final int QUOTE_SIGNATURE = 636;

	private static final int ATTESTATION_KEY = 700;

	private static final int QE_REPORT = 770;

	private static final int QE_REPORT_SIGNATURE = 1154;

	private static final int QE_AUTH_DATA = 1220;

	private static final int PCK_PEM = 1258;

	private static final int PCK_PEM_SIZE = 3678;

	/** Where the PEM chain starts in tdx_quote_v5_td15.bin (70 bytes later: v5 descriptor + TD report 1.5). */
	private static final int V5_PCK_PEM = 1328;

	@Test
	void headerBitFlipBreaksTheQuoteSignature() {
		assertQuoteRefused(flip(USER_DATA + 3, 0x01), Reason.QUOTE_SIGNATURE_INVALID);
	}

	@Test
	void unsupportedHeaderVersionIsRefused() {
		assertQuoteRefused(flip(0, 0x02), Reason.MALFORMED_QUOTE).withMessageContaining("quote version 6");
	}

	@Test
	void tdReportBitFlipBreaksTheQuoteSignature() {
		assertQuoteRefused(flip(MR_TD + 5, 0x80), Reason.QUOTE_SIGNATURE_INVALID);
	}

	@Test
	void quoteSignatureBitFlipIsRefused() {
		assertQuoteRefused(flip(QUOTE_SIGNATURE + 40, 0x04), Reason.QUOTE_SIGNATURE_INVALID);
	}

	@Test
	void attestationKeyBitFlipBreaksTheQeReportBinding() {
		assertQuoteRefused(flip(ATTESTATION_KEY + 10, 0x01), Reason.QE_REPORT_DATA_MISMATCH);
	}

	@Test
	void qeReportBitFlipBreaksTheQeReportSignature() {
		assertQuoteRefused(flip(QE_REPORT + 64, 0x01), Reason.QE_REPORT_SIGNATURE_INVALID);
	}

	@Test
	void qeReportSignatureBitFlipIsRefused() {
		assertQuoteRefused(flip(QE_REPORT_SIGNATURE + 20, 0x10), Reason.QE_REPORT_SIGNATURE_INVALID);
	}

	@Test
	void qeAuthDataBitFlipBreaksTheQeReportBinding() {
		assertQuoteRefused(flip(QE_AUTH_DATA + 7, 0x01), Reason.QE_REPORT_DATA_MISMATCH);
	}

	@Test
	void pckLeafSignatureEditBreaksTheChain() {
		byte[] quote = DcapVectors.v4Quote();
		String pem = new String(quote, PCK_PEM, PCK_PEM_SIZE, StandardCharsets.US_ASCII);
		// A base64 character a few bytes before the end of the leaf: inside its signature value.
		int index = pem.indexOf("-----END CERTIFICATE-----") - 10;
		quote[PCK_PEM + index] = (byte) ((quote[PCK_PEM + index] == 'A') ? 'B' : 'A');
		assertQuoteRefused(quote, Reason.CERTIFICATE_CHAIN_INVALID).withMessageContaining("does not chain");
	}

	@Test
	void pckChainOfAnotherPlatformDoesNotSignTheQeReport() throws Exception {
		// The v4 chain is a genuine Intel chain valid in 2026, but its key did not sign the v5 quote's QE report.
		byte[] quote = DcapVectors.bytes("tdx_quote_v5_td15.bin");
		System.arraycopy(DcapVectors.v4Quote(), PCK_PEM, quote, V5_PCK_PEM, PCK_PEM_SIZE);
		DcapCollateral collateral = DcapCollateral.fromJson(DcapVectors.text("tdx_quote_v5_td15_collateral.json"));
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> DcapVectors.verifier().verify(quote, collateral, DcapVectors.V5_NOW))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.QE_REPORT_SIGNATURE_INVALID))
			.withMessageContaining("3c16ed54eacbb4ced072be72630c85788cf46e36");
	}

	@Test
	void oneCharacterOfTcbInfoChangedBreaksItsSignature() {
		assertCollateralRefused((c) -> with(c, "tcb_info",
				c.tcbInfo().replace("\"tcbEvaluationDataNumber\":17", "\"tcbEvaluationDataNumber\":18")),
				Reason.TCB_INFO_SIGNATURE_INVALID);
	}

	@Test
	void reindentedTcbInfoBreaksItsSignature() {
		assertCollateralRefused((c) -> with(c, "tcb_info", reindent(c.tcbInfo())), Reason.TCB_INFO_SIGNATURE_INVALID);
	}

	@Test
	void unknownTcbStatusFailsClosedBeforeTheSignature() {
		assertCollateralRefused((c) -> with(c, "tcb_info", c.tcbInfo().replaceFirst("\"OutOfDate\"", "\"Fine\"")),
				Reason.MALFORMED_COLLATERAL)
			.withMessageContaining("unknown tcbStatus 'Fine'");
	}

	@Test
	void tcbInfoSignatureBitFlipIsRefused() {
		assertCollateralRefused((c) -> withSignature(c, "tcb_info_signature", flip(c.tcbInfoSignature(), 31)),
				Reason.TCB_INFO_SIGNATURE_INVALID);
	}

	@Test
	void tcbInfoSignedByACaCertificateIsRefused() throws Exception {
		// The PCK CRL issuer chain starts with the PCK Platform CA: it chains to the root but is a CA, so it
		// cannot be a TCB info signer.
		String platformCa = DcapVectors.v4Collateral().pckCrlIssuerChain();
		assertCollateralRefused((c) -> with(c, "tcb_info_issuer_chain", platformCa), Reason.CERTIFICATE_CHAIN_INVALID)
			.withMessageContaining("is a CA");
	}

	@Test
	void qeIdentityChangeBreaksItsSignature() {
		assertCollateralRefused((c) -> with(c, "qe_identity", c.qeIdentity().replace("\"isvprodid\":2", "\"isvprodid\":3")),
				Reason.QE_IDENTITY_SIGNATURE_INVALID);
	}

	@Test
	void qeIdentitySignatureBitFlipIsRefused() {
		assertCollateralRefused((c) -> withSignature(c, "qe_identity_signature", flip(c.qeIdentitySignature(), 0)),
				Reason.QE_IDENTITY_SIGNATURE_INVALID);
	}

	@Test
	void rootCaCrlSignatureBitFlipIsRefused() {
		assertCollateralRefused((c) -> withCrls(c, flip(c.rootCaCrl(), c.rootCaCrl().length - 1), c.pckCrl()),
				Reason.CRL_INVALID)
			.withMessageContaining("root CA CRL");
	}

	@Test
	void pckCrlSignatureBitFlipIsRefused() {
		assertCollateralRefused((c) -> withCrls(c, c.rootCaCrl(), flip(c.pckCrl(), c.pckCrl().length - 1)),
				Reason.CRL_INVALID)
			.withMessageContaining("PCK CRL");
	}

	@Test
	void pckCrlWithAnEditedRevokedSerialIsRefused() {
		assertCollateralRefused((c) -> {
			byte[] crl = c.pckCrl();
			int serial = indexOf(crl, HexFormat.of().parseHex("6fc34e5023e728923435d61aa4b83c618166ad35"));
			return withCrls(c, c.rootCaCrl(), flip(crl, serial + 19));
		}, Reason.CRL_INVALID);
	}

	@Test
	void missingRootCaCrlLeavesTheRootUnchecked() {
		assertCollateralRefused((c) -> withCrls(c, c.pckCrl(), c.pckCrl()), Reason.REVOCATION_STATUS_UNKNOWN)
			.withMessageStartingWith("trusted root: no CRL issued by '")
			.withMessageContaining("CN=Intel SGX Root CA'");
	}

	@Test
	void chainsDoNotAnchorToAnotherRootWithIntelsName() throws Exception {
		KeyPair keys = TestPki.keyPair();
		X500Principal intelName = DcapVectors.intelRoot().getSubjectX500Principal();
		X509Certificate impostor = TestPki.selfSignedCa(intelName, keys);
		X509CRL impostorCrl = TestPki.crl(intelName, keys.getPrivate(), DcapVectors.FIXTURE_NOW + 3600, false);
		DcapCollateral base = DcapVectors.v4Collateral();
		DcapCollateral collateral = withCrls(base, impostorCrl.getEncoded(), base.pckCrl());
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> new DcapVerifier(impostor).verify(DcapVectors.v4Quote(), collateral,
					DcapVectors.FIXTURE_NOW))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.CERTIFICATE_CHAIN_INVALID))
			.withMessageContaining("TCB info issuer chain")
			.withMessageContaining("does not chain to the pinned root");
	}

	@Test
	void unrelatedRootHasNoCrlInTheCollateral() throws Exception {
		X509Certificate other = TestPki.selfSignedCa(new X500Principal("CN=Other Root"), TestPki.keyPair());
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> new DcapVerifier(other).verify(DcapVectors.v4Quote(), DcapVectors.v4Collateral(),
					DcapVectors.FIXTURE_NOW))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.REVOCATION_STATUS_UNKNOWN));
	}

	@Test
	void pckChainFromTheCollateralReplacesTheQuotesChain() throws Exception {
		byte[] quote = DcapVectors.v4Quote();
		String quoteChain = new String(quote, PCK_PEM, PCK_PEM_SIZE - 1, StandardCharsets.US_ASCII);
		DcapCollateral base = DcapVectors.v4Collateral();
		DcapCollateral withChain = withPckChain(base, quoteChain);
		assertThat(DcapVectors.verifier().verify(quote, withChain, DcapVectors.FIXTURE_NOW).status())
			.isEqualTo(TcbStatus.UP_TO_DATE);
		// A chain that starts with a CA instead of the PCK leaf is refused, although the quote's own chain is fine.
		assertCollateralRefused((c) -> withPckChain(c, c.pckCrlIssuerChain()), Reason.CERTIFICATE_CHAIN_INVALID)
			.withMessageContaining("PCK certificate chain");
	}

	@Test
	void untamperedFixtureStillVerifies() throws Exception {
		// Guards the tests above: their helpers must not alter anything unless asked to.
		DcapCollateral same = with(DcapVectors.v4Collateral(), "tcb_info", DcapVectors.v4Collateral().tcbInfo());
		assertThat(DcapVectors.verifier().verify(flip(USER_DATA, 0x00), same, DcapVectors.FIXTURE_NOW).status())
			.isEqualTo(TcbStatus.UP_TO_DATE);
	}

	private static ThrowableAssertAlternative<DcapVerificationException> assertQuoteRefused(byte[] quote,
			Reason reason) {
		return assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> DcapVectors.verifier().verify(quote, DcapVectors.v4Collateral(), DcapVectors.FIXTURE_NOW))
			.satisfies((ex) -> assertThat(ex.reason()).as(ex.getMessage()).isEqualTo(reason));
	}

	private static ThrowableAssertAlternative<DcapVerificationException> assertCollateralRefused(
			ThrowingOperator<DcapCollateral> tamper, Reason reason) {
		return assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> DcapVectors.verifier()
				.verify(DcapVectors.v4Quote(), tamper.apply(DcapVectors.v4Collateral()), DcapVectors.FIXTURE_NOW))
			.satisfies((ex) -> assertThat(ex.reason()).as(ex.getMessage()).isEqualTo(reason));
	}

	private static byte[] flip(int offset, int mask) {
		return flip(DcapVectors.v4Quote(), offset, mask);
	}

	private static byte[] flip(byte[] bytes, int offset) {
		return flip(bytes, offset, 0x01);
	}

	private static byte[] flip(byte[] bytes, int offset, int mask) {
		byte[] copy = bytes.clone();
		copy[offset] ^= (byte) mask;
		return copy;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new IllegalStateException("not found");
	}

	private static String reindent(String json) {
		try {
			ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
			String indented = mapper.writeValueAsString(mapper.readTree(json));
			assertThat(indented).isNotEqualTo(json);
			return indented;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static DcapCollateral with(DcapCollateral c, String field, String value) {
		return new DcapCollateral(c.pckCrlIssuerChain(), c.rootCaCrl(), c.pckCrl(),
				field.equals("tcb_info_issuer_chain") ? value : c.tcbInfoIssuerChain(),
				field.equals("tcb_info") ? value : c.tcbInfo(), c.tcbInfoSignature(), c.qeIdentityIssuerChain(),
				field.equals("qe_identity") ? value : c.qeIdentity(), c.qeIdentitySignature(), c.pckCertificateChain());
	}

	static DcapCollateral withSignature(DcapCollateral c, String field, byte[] value) {
		return new DcapCollateral(c.pckCrlIssuerChain(), c.rootCaCrl(), c.pckCrl(), c.tcbInfoIssuerChain(), c.tcbInfo(),
				field.equals("tcb_info_signature") ? value : c.tcbInfoSignature(), c.qeIdentityIssuerChain(),
				c.qeIdentity(), field.equals("qe_identity_signature") ? value : c.qeIdentitySignature(),
				c.pckCertificateChain());
	}

	static DcapCollateral withCrls(DcapCollateral c, byte[] rootCaCrl, byte[] pckCrl) {
		return new DcapCollateral(c.pckCrlIssuerChain(), rootCaCrl, pckCrl, c.tcbInfoIssuerChain(), c.tcbInfo(),
				c.tcbInfoSignature(), c.qeIdentityIssuerChain(), c.qeIdentity(), c.qeIdentitySignature(),
				c.pckCertificateChain());
	}

	static DcapCollateral withPckChain(DcapCollateral c, String pckChain) {
		return new DcapCollateral(c.pckCrlIssuerChain(), c.rootCaCrl(), c.pckCrl(), c.tcbInfoIssuerChain(), c.tcbInfo(),
				c.tcbInfoSignature(), c.qeIdentityIssuerChain(), c.qeIdentity(), c.qeIdentitySignature(), pckChain);
	}

	@FunctionalInterface
	interface ThrowingOperator<T> {

		T apply(T value) throws Exception;

	}

}
