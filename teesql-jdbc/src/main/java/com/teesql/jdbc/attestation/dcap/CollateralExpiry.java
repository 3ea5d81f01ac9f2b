package com.teesql.jdbc.attestation.dcap;

import java.io.ByteArrayInputStream;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

/**
 * When a set of DCAP collateral stops being usable: the earliest {@code nextUpdate} of the TCB info, the QE identity,
 * the root CA CRL and the PCK CRL. Caches of collateral, and of outcomes verified with it, must not outlive it.
 */
public final class CollateralExpiry {

	private CollateralExpiry() {
	}

	/**
	 * The earliest {@code nextUpdate} among the four dated parts of the collateral. Only the dates are read; nothing
	 * is verified.
	 * @param collateral the collateral
	 * @return the earliest {@code nextUpdate}
	 * @throws DcapVerificationException if a part does not parse or a CRL has no {@code nextUpdate}
	 */
	public static Instant earliestNextUpdate(DcapCollateral collateral) throws DcapVerificationException {
		Instant earliest = TcbInfo.parse(collateral.tcbInfo()).nextUpdate();
		earliest = min(earliest, QeIdentity.parse(collateral.qeIdentity()).nextUpdate());
		earliest = min(earliest, crlNextUpdate("root CA CRL", collateral.rootCaCrl()));
		return min(earliest, crlNextUpdate("PCK CRL", collateral.pckCrl()));
	}

	private static Instant crlNextUpdate(String name, byte[] der) throws DcapVerificationException {
		X509CRL crl;
		try {
			crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
		}
		catch (CertificateException | CRLException | RuntimeException ex) {
			throw new DcapVerificationException(Reason.MALFORMED_COLLATERAL,
					"the " + name + " is not a DER X.509 CRL: " + ex.getMessage(), ex);
		}
		if (crl.getNextUpdate() == null) {
			throw new DcapVerificationException(Reason.CRL_INVALID, "the " + name + " has no nextUpdate");
		}
		return crl.getNextUpdate().toInstant();
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
