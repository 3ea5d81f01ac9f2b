package com.teesql.jdbc.attestation.dcap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.QuoteSignatureData;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.TdxQuoteLayout;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;
import com.teesql.jdbc.errors.QuoteFormatException;

/**
 * Verifies an Intel TDX quote (v4 or v5) locally against DCAP collateral, with no network access: the steps, order
 * and error precedence of dcap-qvl 0.4.0's {@code verify}. Stateless and thread-safe; the only trust anchor is the
 * root certificate given at construction, never a root copy found in a quote or in collateral. Two checks are Intel
 * QVL's, not dcap-qvl's: TCB info and QE identity must be signed by Intel's TCB signing certificate itself (issued
 * directly by the root, named {@code Intel SGX TCB Signing}, not a PCK certificate), and the PCK certificate's
 * PCE-ID must equal the TCB info's {@code pceId}.
 */
public final class DcapVerifier {

	private static final Logger logger = LoggerFactory.getLogger(DcapVerifier.class);

	private static final String INTEL_ROOT_RESOURCE = "intel_sgx_root_ca.der";

	private static final String INTEL_ROOT_SHA256 = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

	private static final int QE_AUTH_DATA_SIZE = 32;

	private static final int QE_REPORT_DATA_BINDING_SIZE = 32;

	private final X509Certificate trustedRoot;

	private final CertificateChainValidator chainValidator;

	/**
	 * Create a verifier that trusts exactly {@code trustedRoot}.
	 * @param trustedRoot the root CA every chain must lead to
	 */
	public DcapVerifier(X509Certificate trustedRoot) {
		this.trustedRoot = Objects.requireNonNull(trustedRoot, "trustedRoot");
		this.chainValidator = new CertificateChainValidator(trustedRoot);
	}

	/**
	 * Create a verifier that trusts the Intel SGX Root CA embedded in this library (its SHA-256 is checked on load).
	 * @return the verifier
	 * @throws IllegalStateException if the embedded root is missing or not the expected certificate
	 */
	public static DcapVerifier withIntelRoot() {
		return new DcapVerifier(loadIntelRoot());
	}

	/**
	 * Verify {@code quote} against {@code collateral} at the given time.
	 * @param quote the raw quote; bytes after its structure are ignored
	 * @param collateral the collateral for the quote's platform
	 * @param nowEpochSeconds the verification time in Unix seconds (supplied, never read from the clock)
	 * @return the verified TCB status and TD report
	 * @throws DcapVerificationException if any step fails, naming the step ({@link Reason#MALFORMED_QUOTE} with the
	 * parser's {@link QuoteFormatException} as cause if the quote does not parse)
	 */
	public DcapVerificationResult verify(byte[] quote, DcapCollateral collateral, long nowEpochSeconds)
			throws DcapVerificationException {
		if (quote == null) {
			throw new DcapVerificationException(Reason.MALFORMED_QUOTE, "quote is missing");
		}
		return verify(parse(quote), collateral, nowEpochSeconds);
	}

	/**
	 * Verify a parsed quote against {@code collateral} at the given time: a pure function of its arguments and the
	 * pinned root, the reference every faster path is tested against.
	 * @param quote the parsed quote
	 * @param collateral the collateral for the quote's platform
	 * @param nowEpochSeconds the verification time in Unix seconds (supplied, never read from the clock)
	 * @return the verified TCB status and TD report
	 * @throws DcapVerificationException if any step fails, naming the step
	 */
	public DcapVerificationResult verify(TdxQuote quote, DcapCollateral collateral, long nowEpochSeconds)
			throws DcapVerificationException {
		Objects.requireNonNull(quote, "quote");
		Objects.requireNonNull(collateral, "collateral");
		// Step 0
		CrlSet crls = checkRoot(collateral, nowEpochSeconds);
		// Step 1
		QuoteSignatureData signatureData = signatureData(quote);
		// Steps 2 and 3
		CollateralDocuments documents = checkDocuments(collateral, crls, nowEpochSeconds);
		// Step 4
		List<X509Certificate> pckPath = validatePckChain(pckChain(collateral, signatureData), crls, nowEpochSeconds);
		X509Certificate pckLeaf = pckPath.get(0);
		// Step 5
		PckCertificate pck = PckCertificate.from(pckLeaf);
		return verifyQuoteOnly(quote, signatureData, documents.tcbInfo(), documents.qeIdentity(),
				pckLeaf.getPublicKey(), pck, null);
	}

	/**
	 * Verify the quote-independent part of DCAP (steps 0, 2 and 3: root CRL, TCB info, QE identity, their chains,
	 * CRLs and signatures) once, for {@link VerifiedCollateralCache}. The result holds for every time in its window.
	 * @param collateral the collateral
	 * @param nowEpochSeconds the verification time
	 * @return the verified form
	 * @throws DcapVerificationException if the collateral does not verify at that time
	 */
	VerifiedCollateral verifyCollateral(DcapCollateral collateral, long nowEpochSeconds)
			throws DcapVerificationException {
		CrlSet crls = checkRoot(collateral, nowEpochSeconds);
		CollateralDocuments documents = checkDocuments(collateral, crls, nowEpochSeconds);
		ValidityWindow window = ValidityWindow.of(documents.tcbInfo().issueDate(), documents.tcbInfo().nextUpdate())
			.and(ValidityWindow.of(documents.qeIdentity().issueDate(), documents.qeIdentity().nextUpdate()))
			.and(crls.window())
			.and(ValidityWindow.of(this.trustedRoot))
			.andAll(documents.tcbSignerPath())
			.andAll(documents.qeSignerPath());
		return new VerifiedCollateral(this, collateral, crls, documents.tcbInfo(), documents.qeIdentity(), window);
	}

	/** Step 0: the root itself must be covered by a fresh root CA CRL. */
	private CrlSet checkRoot(DcapCollateral collateral, long nowEpochSeconds) throws DcapVerificationException {
		CrlSet crls = CrlSet.of(collateral.rootCaCrl(), collateral.pckCrl());
		crls.checkNotRevoked(this.trustedRoot, this.trustedRoot, nowEpochSeconds, "trusted root");
		return crls;
	}

	/** Steps 2 and 3: TCB info and QE identity, their windows, signer chains and signatures. */
	private CollateralDocuments checkDocuments(DcapCollateral collateral, CrlSet crls, long nowEpochSeconds)
			throws DcapVerificationException {
		// Step 2
		TcbInfo tcbInfo = TcbInfo.parse(collateral.tcbInfo());
		checkWindow("TCB info", tcbInfo.issueDate(), tcbInfo.nextUpdate(), nowEpochSeconds,
				Reason.TCB_INFO_NOT_YET_VALID, Reason.TCB_INFO_EXPIRED);
		List<X509Certificate> tcbSignerPath = verifySignedDocument(collateral.tcbInfoIssuerChain(),
				collateral.tcbInfo(), collateral.tcbInfoSignature(), crls, nowEpochSeconds, "TCB info",
				Reason.TCB_INFO_SIGNATURE_INVALID, null);
		// Step 3
		QeIdentity qeIdentity = QeIdentity.parse(collateral.qeIdentity());
		checkWindow("QE identity", qeIdentity.issueDate(), qeIdentity.nextUpdate(), nowEpochSeconds,
				Reason.QE_IDENTITY_NOT_YET_VALID, Reason.QE_IDENTITY_EXPIRED);
		// Intel serves the same issuer chain for both documents: validated once, with the same CRLs at the same time.
		List<X509Certificate> sameChain = collateral.qeIdentityIssuerChain().equals(collateral.tcbInfoIssuerChain())
				? tcbSignerPath : null;
		List<X509Certificate> qeSignerPath = verifySignedDocument(collateral.qeIdentityIssuerChain(),
				collateral.qeIdentity(), collateral.qeIdentitySignature(), crls, nowEpochSeconds, "QE identity",
				Reason.QE_IDENTITY_SIGNATURE_INVALID, sameChain);
		checkQeIdentityKind(qeIdentity);
		return new CollateralDocuments(tcbInfo, qeIdentity, tcbSignerPath, qeSignerPath);
	}

	/** Step 4: the PCK chain, validated against the pinned root and the collateral's CRLs. */
	List<X509Certificate> validatePckChain(List<X509Certificate> chain, CrlSet crls, long nowEpochSeconds)
			throws DcapVerificationException {
		return this.chainValidator.validate(chain, crls, nowEpochSeconds, "PCK certificate chain");
	}

	X509Certificate trustedRoot() {
		return this.trustedRoot;
	}

	private record CollateralDocuments(TcbInfo tcbInfo, QeIdentity qeIdentity, List<X509Certificate> tcbSignerPath,
			List<X509Certificate> qeSignerPath) {
	}

	/**
	 * Steps 6 to 12: what depends on the quote once the collateral and the PCK chain are verified. Shared by the
	 * reference path and the fast path ({@link VerifiedCollateral}), so both judge a quote with the same code.
	 */
	static DcapVerificationResult verifyQuoteOnly(TdxQuote quote, QuoteSignatureData signatureData, TcbInfo tcbInfo,
			QeIdentity qeIdentity, PublicKey pckKey, PckCertificate pck, VerifiedCollateral.VerifiedPck verifiedPck)
			throws DcapVerificationException {
		// Step 6 (the fast path remembers QE reports whose signature verified with this PCK key)
		byte[] qeReport = signatureData.qeReport();
		byte[] qeReportSignature = signatureData.qeReportSignature();
		if (verifiedPck == null || !verifiedPck.qeReportVerified(qeReport, qeReportSignature)) {
			if (!EcdsaP256.verify(pckKey, qeReport, qeReport.length, qeReportSignature)) {
				throw new DcapVerificationException(Reason.QE_REPORT_SIGNATURE_INVALID,
						"QE report signature does not verify with the PCK certificate key (PCK serial "
								+ pck.serialNumber() + ")");
			}
			if (verifiedPck != null) {
				verifiedPck.qeReportVerifies(qeReport, qeReportSignature);
			}
		}
		// Step 7
		checkQeReportData(signatureData);
		// Step 8
		TcbStatusWithAdvisories qeStatus = TcbLevelMatcher.qeStatus(qeIdentity, qeReport);
		// Step 9
		byte[] attestationKeyBytes = signatureData.attestationKey();
		PublicKey attestationKey = EcdsaP256.publicKey(attestationKeyBytes);
		if (attestationKey == null) {
			throw new DcapVerificationException(Reason.QUOTE_SIGNATURE_INVALID,
					"attestation key is not a P-256 point: " + Hex.encode(attestationKeyBytes));
		}
		byte[] signed = quote.signedRegion();
		if (!EcdsaP256.verify(attestationKey, signed, signed.length, signatureData.quoteSignature())) {
			throw new DcapVerificationException(Reason.QUOTE_SIGNATURE_INVALID, "quote signature over the first "
					+ signed.length + " bytes does not verify with the attestation key");
		}
		// Step 10
		byte[] teeTcbSvn = quote.teeTcbSvn();
		TcbStatusWithAdvisories tcbLevelStatus = TcbLevelMatcher.platformStatus(tcbInfo, pck, teeTcbSvn);
		// Step 11
		Optional<TcbStatusWithAdvisories> moduleStatus = TcbLevelMatcher.moduleStatus(tcbInfo, teeTcbSvn,
				quote.mrSignerSeam(), quote.seamAttributes());
		// Step 12
		TcbStatusWithAdvisories platformStatus = moduleStatus.map(tcbLevelStatus::merge).orElse(tcbLevelStatus);
		TcbStatusWithAdvisories merged = platformStatus.merge(qeStatus);
		if (merged.status() == TcbStatus.REVOKED) {
			throw new DcapVerificationException(Reason.TCB_REVOKED, "TCB status is Revoked (platform "
					+ platformStatus.status().intelName() + ", QE " + qeStatus.status().intelName() + ")");
		}
		// Step 13 (TD attributes, MRSIGNERSEAM, MRSERVICETD) belongs to the caller's AttestationPolicy.checkQuote, so
		// that it applies to every verifier and the debug bit keeps its documented message and override. A result of
		// this method alone is therefore "signature verified", not "verified".
		DcapVerificationResult result = new DcapVerificationResult(merged.status(),
				new ArrayList<>(new TreeSet<>(merged.advisoryIds())), platformStatus, qeStatus, tcbLevelStatus,
				moduleStatus.orElse(null), quote.version(), quote.bodyType(), quote.signedLength(), quote.isDebug(),
				TdReport.from(quote), pck, QeReport.parse(qeReport), Hex.encode(attestationKeyBytes),
				quote.trailingBytes());
		logger.debug("DCAP quote verified: status={} advisories={} mrTd={}", result.status().intelName(),
				result.advisoryIds(), result.tdReport().mrTd());
		return result;
	}

	/**
	 * Parse a raw quote for verification: the parser's error becomes a {@link Reason#MALFORMED_QUOTE}.
	 * @param quote the raw quote
	 * @return the parsed quote
	 * @throws DcapVerificationException if it does not parse
	 */
	static TdxQuote parse(byte[] quote) throws DcapVerificationException {
		try {
			return TdxQuote.parse(quote);
		}
		catch (QuoteFormatException ex) {
			throw new DcapVerificationException(Reason.MALFORMED_QUOTE, ex.getMessage(), ex);
		}
	}

	/**
	 * Step 1 beyond the parser's structural checks: an Intel quoting enclave, and the signature data parsed.
	 */
	static QuoteSignatureData signatureData(TdxQuote quote) throws DcapVerificationException {
		byte[] vendor = quote.qeVendorId();
		if (!Arrays.equals(vendor, TdxQuoteLayout.INTEL_QE_VENDOR_ID)) {
			throw new DcapVerificationException(Reason.UNSUPPORTED_QUOTE,
					"QE vendor id is not Intel's: " + Hex.encode(vendor));
		}
		try {
			return quote.signatureData();
		}
		catch (QuoteFormatException ex) {
			throw new DcapVerificationException(Reason.MALFORMED_QUOTE, ex.getMessage(), ex);
		}
	}

	static void checkQeIdentityKind(QeIdentity qeIdentity) throws DcapVerificationException {
		if (!"TD_QE".equals(qeIdentity.id()) || qeIdentity.version() < 2 || qeIdentity.version() > 3) {
			throw new DcapVerificationException(Reason.QE_IDENTITY_UNSUPPORTED,
					"QE identity must be id TD_QE version 2 or 3, was " + qeIdentity.id() + " version "
							+ qeIdentity.version());
		}
	}

	private List<X509Certificate> verifySignedDocument(String issuerChain, String document, byte[] signature, CrlSet crls,
			long nowEpochSeconds, String name, Reason invalidSignature, List<X509Certificate> validatedPath)
			throws DcapVerificationException {
		List<X509Certificate> path = validatedPath;
		if (path == null) {
			List<X509Certificate> chain = CertificateChainValidator.parsePem(issuerChain, name + " issuer chain",
					Reason.MALFORMED_COLLATERAL);
			path = this.chainValidator.validate(chain, crls, nowEpochSeconds, name + " issuer chain");
			TcbSignerCheck.check(path, this.trustedRoot, name + " issuer chain");
		}
		X509Certificate signer = path.get(0);
		// The signature covers the document exactly as served; it is never re-serialised.
		byte[] signed = document.getBytes(StandardCharsets.UTF_8);
		if (!EcdsaP256.verify(signer.getPublicKey(), signed, signed.length, signature)) {
			throw new DcapVerificationException(invalidSignature,
					name + " signature does not verify over the " + signed.length + " signed bytes with the key of '"
							+ signer.getSubjectX500Principal() + "'");
		}
		return path;
	}

	static List<X509Certificate> pckChain(DcapCollateral collateral, QuoteSignatureData signatureData)
			throws DcapVerificationException {
		if (collateral.pckCertificateChain() != null) {
			return CertificateChainValidator.parsePem(collateral.pckCertificateChain(),
					"collateral pck_certificate_chain", Reason.MALFORMED_COLLATERAL);
		}
		if (signatureData.pckCertDataType() != TdxQuoteLayout.CERT_DATA_TYPE_PCK_CHAIN) {
			throw new DcapVerificationException(Reason.UNSUPPORTED_QUOTE,
					"quote PCK certification data type must be 5 (PEM chain) unless the collateral carries "
							+ "pck_certificate_chain, was " + signatureData.pckCertDataType());
		}
		return CertificateChainValidator.parsePem(signatureData.pckCertData(), "quote PCK certificate chain",
				Reason.MALFORMED_QUOTE);
	}

	private static void checkQeReportData(QuoteSignatureData signatureData) throws DcapVerificationException {
		byte[] authData = signatureData.qeAuthData();
		if (authData.length != QE_AUTH_DATA_SIZE) {
			throw new DcapVerificationException(Reason.QE_REPORT_DATA_MISMATCH,
					"QE auth data must be " + QE_AUTH_DATA_SIZE + " bytes, was " + authData.length);
		}
		MessageDigest sha256 = sha256();
		sha256.update(signatureData.attestationKey());
		sha256.update(authData);
		byte[] expected = sha256.digest();
		byte[] actual = Arrays.copyOf(QeReport.reportDataBytes(signatureData.qeReport()), QE_REPORT_DATA_BINDING_SIZE);
		if (!MessageDigest.isEqual(expected, actual)) {
			throw new DcapVerificationException(Reason.QE_REPORT_DATA_MISMATCH,
					"QE report data " + Hex.encode(actual) + " is not SHA-256(attestation key || QE auth data) "
							+ Hex.encode(expected));
		}
	}

	private static void checkWindow(String name, Instant issueDate, Instant nextUpdate, long nowEpochSeconds,
			Reason notYetValid, Reason expired) throws DcapVerificationException {
		Instant now = Instant.ofEpochSecond(nowEpochSeconds);
		if (now.isBefore(issueDate)) {
			throw new DcapVerificationException(notYetValid,
					name + " issue date is in the future: issueDate=" + issueDate + " now=" + now);
		}
		if (now.isAfter(nextUpdate)) {
			throw new DcapVerificationException(expired, name + " expired: nextUpdate=" + nextUpdate + " now=" + now);
		}
	}

	private static X509Certificate loadIntelRoot() {
		try (InputStream in = DcapVerifier.class.getResourceAsStream(INTEL_ROOT_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("Embedded Intel SGX Root CA resource '" + INTEL_ROOT_RESOURCE
						+ "' is missing");
			}
			byte[] der = in.readAllBytes();
			String digest = Hex.encode(sha256().digest(der));
			if (!INTEL_ROOT_SHA256.equals(digest)) {
				throw new IllegalStateException("Embedded Intel SGX Root CA has SHA-256 " + digest + ", expected "
						+ INTEL_ROOT_SHA256);
			}
			return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(der));
		}
		catch (IOException | CertificateException ex) {
			throw new IllegalStateException("Embedded Intel SGX Root CA cannot be read", ex);
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JDK provides no SHA-256", ex);
		}
	}

}
