package com.teesql.jdbc.attestation.dcap;

import java.security.cert.X509Certificate;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

/**
 * Pins who may sign TCB info and QE identity: Intel's TCB signing certificate, and nothing else that happens to
 * chain to the root. A valid chain alone is not enough: every PCK leaf chains to the same root, so without this
 * check the key of one (possibly out-of-date, possibly extracted) platform could sign an "UpToDate" TCB info for
 * itself. dcap-qvl 0.4.0 does not make this check; Intel's QVL does (it requires the TCB signing certificate).
 */
final class TcbSignerCheck {

	/** The common name of Intel's TCB signing certificate, as in every genuine collateral issuer chain. */
	static final String TCB_SIGNING_COMMON_NAME = "Intel SGX TCB Signing";

	private TcbSignerCheck() {
	}

	/**
	 * Check the signer of a collateral document.
	 * @param path the validated path from the signer up to, excluding, the pinned root
	 * @param root the pinned root
	 * @param context names the document's issuer chain in error messages
	 * @throws DcapVerificationException with its own reason for each way the signer is not Intel's TCB signer
	 */
	static void check(List<X509Certificate> path, X509Certificate root, String context)
			throws DcapVerificationException {
		X509Certificate signer = path.get(0);
		String subject = signer.getSubjectX500Principal().getName(X500Principal.RFC2253);
		// Checked first: a PCK leaf is the signer an attacker is most likely to have a key for.
		if (signer.getExtensionValue(PckCertificate.SGX_EXTENSION_OID) != null) {
			throw new DcapVerificationException(Reason.TCB_SIGNER_IS_PCK_CERTIFICATE, context + ": signer '" + subject
					+ "' carries the Intel SGX PCK extension " + PckCertificate.SGX_EXTENSION_OID
					+ ": a platform's PCK key must never sign TCB info or QE identity");
		}
		if (path.size() != 1) {
			throw new DcapVerificationException(Reason.TCB_SIGNER_NOT_ISSUED_BY_ROOT, context + ": signer '" + subject
					+ "' is issued by '" + signer.getIssuerX500Principal().getName(X500Principal.RFC2253)
					+ "', not directly by the pinned root '"
					+ root.getSubjectX500Principal().getName(X500Principal.RFC2253) + "'");
		}
		if (!TCB_SIGNING_COMMON_NAME.equals(commonName(signer))) {
			throw new DcapVerificationException(Reason.TCB_SIGNER_SUBJECT_MISMATCH, context + ": signer '" + subject
					+ "' is not the TCB signing certificate (its common name must be '" + TCB_SIGNING_COMMON_NAME
					+ "')");
		}
	}

	/** The single CN of the subject, or {@code null} if there is none or more than one. */
	private static String commonName(X509Certificate certificate) {
		RDN[] names = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
		if (names.length != 1 || names[0].isMultiValued()) {
			return null;
		}
		ASN1Encodable value = names[0].getFirst().getValue();
		return (value instanceof ASN1String string) ? string.getString() : null;
	}

}
