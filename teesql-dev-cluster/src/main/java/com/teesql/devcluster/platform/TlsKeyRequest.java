package com.teesql.devcluster.platform;

import java.util.List;

/**
 * The fields of a dstack guest-agent {@code GetTlsKey} request.
 *
 * @param subject the subject common name (empty for the default)
 * @param altNames subject alternative names; IP literals become IP SANs, anything else DNS names
 * @param usageRaTls whether to embed the attestation extension
 * @param usageServerAuth whether to add the serverAuth extended key usage
 * @param usageClientAuth whether to add the clientAuth extended key usage
 * @param notBefore start of validity in Unix seconds, or {@code null} for now
 * @param notAfter end of validity in Unix seconds, or {@code null} for ten years
 * @param withAppInfo whether to embed the dstack {@code AppInfo} extension
 */
public record TlsKeyRequest(String subject, List<String> altNames, boolean usageRaTls, boolean usageServerAuth,
		boolean usageClientAuth, Long notBefore, Long notAfter, boolean withAppInfo) {

	public TlsKeyRequest {
		subject = (subject != null) ? subject : "";
		altNames = (altNames != null) ? List.copyOf(altNames) : List.of();
		if (notBefore != null && notBefore < 0) {
			throw new IllegalArgumentException("not_before must be a non-negative Unix time but was " + notBefore);
		}
		if (notAfter != null && notAfter < 0) {
			throw new IllegalArgumentException("not_after must be a non-negative Unix time but was " + notAfter);
		}
	}

	/**
	 * The request TeeSQL clients send for a client certificate: RA-TLS with serverAuth and clientAuth.
	 * @param subject the subject common name
	 * @return the request
	 */
	public static TlsKeyRequest raTlsClient(String subject) {
		return new TlsKeyRequest(subject, List.of(), true, true, true, null, null, false);
	}

}
