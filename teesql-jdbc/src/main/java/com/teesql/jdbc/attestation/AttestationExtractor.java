package com.teesql.jdbc.attestation;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.QuoteFormatException;
import com.teesql.jdbc.errors.ReportDataBindingException;

/**
 * Reads the attestation evidence from an RA-TLS leaf certificate.
 * <p>
 * Prefers the current {@code .1.8} extension (as dstack itself does) and falls back to the legacy {@code .1.1} raw
 * quote only when {@code .1.8} is absent. Decoding is strict: both OCTET STRING layers must be exact DER and the
 * envelope (V0 SCALE or V1 msgpack) is decoded completely, so a malformed extension is refused instead of handing
 * garbage to a verifier; the stack evidence is then checked ({@link StackEvidenceCheck}).
 */
public final class AttestationExtractor {

	private AttestationExtractor() {
	}

	/**
	 * Extract the evidence.
	 * @param certificate the server's leaf certificate
	 * @return the evidence, or empty when the certificate has no RA-TLS attestation extension
	 * @throws AttestationException if an extension is present but malformed or unsupported
	 */
	public static Optional<RaTlsEvidence> extract(X509Certificate certificate) throws AttestationException {
		byte[] attestation = extensionPayload(certificate, RaTlsOids.ATTESTATION);
		if (attestation != null) {
			VersionedAttestation envelope = VersionedAttestation.decode(attestation);
			TdxQuote quote = TdxQuote.parse(envelope.quote());
			if (!Arrays.equals(envelope.reportData(), quote.reportData())) {
				throw new ReportDataBindingException("attestation envelope report_data "
						+ Hex.abbreviate(Hex.encode(envelope.reportData())) + " does not match the quote's REPORTDATA "
						+ Hex.abbreviate(Hex.encode(quote.reportData())));
			}
			StackEvidenceCheck.check(envelope);
			RaTlsEvidence.Source source = (envelope.format() == AttestationFormat.V1)
					? RaTlsEvidence.Source.ATTESTATION_V1 : RaTlsEvidence.Source.ATTESTATION_V0;
			return Optional.of(new RaTlsEvidence(source, quote, Optional.of(envelope)));
		}
		byte[] legacyQuote = extensionPayload(certificate, RaTlsOids.TDX_QUOTE);
		if (legacyQuote != null) {
			return Optional.of(new RaTlsEvidence(RaTlsEvidence.Source.LEGACY_QUOTE, TdxQuote.parse(legacyQuote),
					Optional.empty()));
		}
		return Optional.empty();
	}

	/**
	 * Return the payload of an RA-TLS extension after removing both OCTET STRING layers (the one Java's
	 * {@code getExtensionValue} keeps and the one dstack adds).
	 * @param certificate the certificate
	 * @param oid the extension OID
	 * @return the payload or {@code null} if the extension is absent
	 * @throws QuoteFormatException if either layer is not exact DER
	 */
	static byte[] extensionPayload(X509Certificate certificate, String oid) throws QuoteFormatException {
		byte[] extensionValue = certificate.getExtensionValue(oid);
		if (extensionValue == null) {
			return null;
		}
		byte[] inner = unwrapOctetString(extensionValue, oid, "extnValue");
		return unwrapOctetString(inner, oid, "inner OCTET STRING");
	}

	private static byte[] unwrapOctetString(byte[] der, String oid, String layer) throws QuoteFormatException {
		try {
			ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
			if (!(primitive instanceof ASN1OctetString octetString)) {
				throw new QuoteFormatException("extension " + oid + ": " + layer + " is not an OCTET STRING");
			}
			// Re-encoding must give the input back: rejects BER forms and non-minimal lengths.
			if (!Arrays.equals(primitive.getEncoded(ASN1Encoding.DER), der)) {
				throw new QuoteFormatException("extension " + oid + ": " + layer + " is not DER-encoded");
			}
			return octetString.getOctets();
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof QuoteFormatException quoteFormat) {
				throw quoteFormat;
			}
			throw new QuoteFormatException("extension " + oid + ": " + layer + " is not valid DER (" + ex.getMessage() + ")",
					ex);
		}
	}

}
