package com.teesql.jdbc.attestation.dcap;

import java.util.List;

/**
 * The outcome of a successful local DCAP verification. The status is reported, not judged: deciding which statuses
 * are acceptable is the caller's policy (only {@link TcbStatus#REVOKED} is refused by the verifier itself).
 *
 * @param status the merged TCB status
 * @param advisoryIds the merged advisory ids, sorted and without duplicates
 * @param platformStatus platform TCB level merged with the TDX module status
 * @param qeStatus the quoting enclave's status
 * @param tcbLevelStatus the matched platform TCB level alone
 * @param tdxModuleStatus the TDX module identity's status, or {@code null} if no module identity applied
 * @param quoteVersion 4 or 5
 * @param bodyType 2 (TD report 1.0) or 3 (TD report 1.5)
 * @param signedLength number of quote bytes covered by the quote signature
 * @param debug whether TDATTRIBUTES marks the TD as debuggable (always {@code false} once verified)
 * @param tdReport the TD report fields
 * @param pck the PCK certificate that vouched for the quoting enclave
 * @param qeReport the quoting enclave's report
 * @param attestationKey the attestation key as lower-case hex X‖Y
 * @param trailingBytes bytes after the quote structure that were ignored
 */
public record DcapVerificationResult(TcbStatus status, List<String> advisoryIds,
		TcbStatusWithAdvisories platformStatus, TcbStatusWithAdvisories qeStatus, TcbStatusWithAdvisories tcbLevelStatus,
		TcbStatusWithAdvisories tdxModuleStatus, int quoteVersion, int bodyType, int signedLength, boolean debug,
		TdReport tdReport, PckCertificate pck, QeReport qeReport, String attestationKey, int trailingBytes) {

	public DcapVerificationResult {
		advisoryIds = List.copyOf(advisoryIds);
	}

}
