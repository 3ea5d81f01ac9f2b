package com.teesql.jdbc.attestation.dcap;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The times, in whole Unix seconds, at which every time check of a verification holds: the intersection of the
 * validity periods of its certificates, the issue dates and {@code nextUpdate}s of its documents and the
 * {@code nextUpdate}s of its CRLs. Each bound is derived with the exact comparison the check itself makes, so a
 * verification that succeeded at one time in the window succeeds at every other time in it.
 *
 * @param notBefore the first second at which all checks hold
 * @param notAfter the last second at which all checks hold
 */
record ValidityWindow(long notBefore, long notAfter) {

	static final ValidityWindow ALWAYS = new ValidityWindow(Long.MIN_VALUE, Long.MAX_VALUE);

	/**
	 * A document valid while {@code issueDate <= now <= nextUpdate} (TCB info, QE identity).
	 */
	static ValidityWindow of(Instant issueDate, Instant nextUpdate) {
		return new ValidityWindow(ceilSeconds(issueDate), nextUpdate.getEpochSecond());
	}

	/**
	 * A certificate, valid while {@code notBefore <= now <= notAfter} at millisecond precision ({@code now} being
	 * whole seconds).
	 */
	static ValidityWindow of(X509Certificate certificate) {
		return new ValidityWindow(Math.floorDiv(certificate.getNotBefore().getTime() + 999, 1000),
				Math.floorDiv(certificate.getNotAfter().getTime(), 1000));
	}

	/**
	 * A CRL, usable while {@code now < nextUpdate}.
	 */
	static ValidityWindow beforeCrlNextUpdate(Instant nextUpdate) {
		return new ValidityWindow(Long.MIN_VALUE, nextUpdate.getEpochSecond() - 1);
	}

	ValidityWindow and(ValidityWindow other) {
		return new ValidityWindow(Math.max(this.notBefore, other.notBefore), Math.min(this.notAfter, other.notAfter));
	}

	ValidityWindow andAll(List<X509Certificate> certificates) {
		ValidityWindow window = this;
		for (X509Certificate certificate : certificates) {
			window = window.and(of(certificate));
		}
		return window;
	}

	boolean contains(long nowEpochSeconds) {
		return this.notBefore <= nowEpochSeconds && nowEpochSeconds <= this.notAfter;
	}

	private static long ceilSeconds(Instant instant) {
		return instant.getEpochSecond() + ((instant.getNano() > 0) ? 1 : 0);
	}

}
