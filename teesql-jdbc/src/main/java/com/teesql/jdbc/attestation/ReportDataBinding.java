package com.teesql.jdbc.attestation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Certificate;

import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.errors.ReportDataBindingException;

/**
 * The RA-TLS binding between a quote and the TLS key: REPORTDATA must equal
 * SHA-512({@code "ratls-cert:"} ‖ SubjectPublicKeyInfo DER of the leaf certificate). Without this check a quote
 * copied from a genuine TD into an attacker's certificate would pass.
 */
public final class ReportDataBinding {

	private ReportDataBinding() {
	}

	/**
	 * Compute the report data a quote must carry for the given certificate.
	 * @param certificate the leaf certificate
	 * @return the 64 expected bytes
	 * @throws QuoteFormatException if the certificate cannot be decoded
	 */
	public static byte[] expectedReportData(X509Certificate certificate) throws QuoteFormatException {
		byte[] spki;
		try {
			// SPKI exactly as in the TBS (not PublicKey.getEncoded(), which is a re-encoding by the provider).
			spki = Certificate.getInstance(certificate.getEncoded())
				.getSubjectPublicKeyInfo()
				.getEncoded(ASN1Encoding.DER);
		}
		catch (CertificateEncodingException | IOException | IllegalArgumentException ex) {
			throw new QuoteFormatException("cannot read the SubjectPublicKeyInfo of the server certificate", ex);
		}
		return expectedReportData(spki);
	}

	/**
	 * Compute the report data for a SubjectPublicKeyInfo DER.
	 * @param subjectPublicKeyInfo the SPKI DER
	 * @return SHA-512("ratls-cert:" ‖ spki)
	 */
	public static byte[] expectedReportData(byte[] subjectPublicKeyInfo) {
		try {
			MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
			sha512.update(TdxQuoteLayout.RA_TLS_CERT_BINDING_PREFIX.getBytes(StandardCharsets.US_ASCII));
			return sha512.digest(subjectPublicKeyInfo);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-512 is required by every Java platform", ex);
		}
	}

	/**
	 * Check that the quote binds the certificate key.
	 * @param certificate the leaf certificate
	 * @param quote the quote from that certificate
	 * @throws ReportDataBindingException if REPORTDATA does not match
	 * @throws QuoteFormatException if the certificate cannot be decoded
	 */
	public static void verify(X509Certificate certificate, TdxQuote quote)
			throws ReportDataBindingException, QuoteFormatException {
		byte[] expected = expectedReportData(certificate);
		byte[] actual = quote.reportData();
		if (!MessageDigest.isEqual(expected, actual)) {
			throw new ReportDataBindingException("quote REPORTDATA does not bind the TLS certificate's public key "
					+ "(a quote copied from another certificate?): expected SHA-512(\"ratls-cert:\" || SPKI) = "
					+ Hex.abbreviate(Hex.encode(expected)) + ", quote has " + Hex.abbreviate(Hex.encode(actual)));
		}
	}

}
