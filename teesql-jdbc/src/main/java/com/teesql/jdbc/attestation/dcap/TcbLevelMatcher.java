package com.teesql.jdbc.attestation.dcap;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;
import com.teesql.jdbc.attestation.dcap.TcbInfo.ModuleTcbLevel;
import com.teesql.jdbc.attestation.dcap.TcbInfo.TcbLevel;
import com.teesql.jdbc.attestation.dcap.TcbInfo.TdxModule;
import com.teesql.jdbc.attestation.dcap.TcbInfo.TdxModuleIdentity;

/**
 * Grades the quoting enclave, the platform and the TDX module against authenticated collateral (dcap.md §4 steps
 * 8, 10 and 11).
 */
final class TcbLevelMatcher {

	private static final int MIN_TDX_TCB_INFO_VERSION = 3;

	private TcbLevelMatcher() {
	}

	/**
	 * Step 8: the QE must be the one Intel's identity describes; its ISVSVN picks the QE status.
	 */
	static TcbStatusWithAdvisories qeStatus(QeIdentity identity, byte[] qeReportBytes)
			throws DcapVerificationException {
		QeReport report = QeReport.parse(qeReportBytes);
		byte[] mrSigner = QeReport.mrSignerBytes(qeReportBytes);
		if (!MessageDigest.isEqual(mrSigner, identity.mrSigner())) {
			throw mismatch("QE MRSIGNER " + Hex.encode(mrSigner) + " differs from the QE identity's "
					+ Hex.encode(identity.mrSigner()));
		}
		byte[] attributes = QeReport.attributeBytes(qeReportBytes);
		if ((attributes[0] & QeReport.DEBUG_FLAG) != 0) {
			throw mismatch("quoting enclave runs in debug mode: attributes=" + report.attributes());
		}
		if (report.isvProdId() != identity.isvProdId()) {
			throw mismatch("QE ISVPRODID " + report.isvProdId() + " differs from the QE identity's "
					+ identity.isvProdId());
		}
		int miscSelect = (int) report.miscSelect();
		if ((miscSelect & identity.miscSelectMask()) != (identity.miscSelect() & identity.miscSelectMask())) {
			throw mismatch("QE MISCSELECT " + Long.toHexString(report.miscSelect()) + " does not match the QE identity");
		}
		byte[] expected = identity.attributes();
		byte[] mask = identity.attributesMask();
		for (int i = 0; i < attributes.length; i++) {
			if ((attributes[i] & mask[i]) != (expected[i] & mask[i])) {
				throw mismatch("QE ATTRIBUTES " + report.attributes() + " do not match the QE identity's "
						+ Hex.encode(expected) + " under mask " + Hex.encode(mask));
			}
		}
		for (ModuleTcbLevel level : identity.tcbLevels()) {
			if (report.isvSvn() >= level.isvSvn()) {
				return level.status();
			}
		}
		throw mismatch("QE ISVSVN " + report.isvSvn() + " is below every QE identity TCB level");
	}

	/**
	 * Step 10: the TCB info must be for the PCK's FMSPC and PCE-ID; then the first canonically ordered platform
	 * level met by the PCK's CPUSVN and PCESVN and the TD's TEE_TCB_SVN.
	 */
	static TcbStatusWithAdvisories platformStatus(TcbInfo tcbInfo, PckCertificate pck, byte[] teeTcbSvn)
			throws DcapVerificationException {
		byte[] pckFmspc = HexFormat.of().parseHex(pck.fmspc());
		if (!MessageDigest.isEqual(pckFmspc, tcbInfo.fmspc())) {
			throw new DcapVerificationException(Reason.FMSPC_MISMATCH, "PCK certificate FMSPC " + pck.fmspc()
					+ " differs from the TCB info's " + Hex.encode(tcbInfo.fmspc()));
		}
		// Intel QVL compares the PCE-ID too (dcap-qvl does not): TCB levels are graded per PCE.
		byte[] pckPceId = HexFormat.of().parseHex(pck.pceId());
		if (!MessageDigest.isEqual(pckPceId, tcbInfo.pceId())) {
			throw new DcapVerificationException(Reason.PCE_ID_MISMATCH, "PCK certificate PCE-ID " + pck.pceId()
					+ " differs from the TCB info's pceId " + Hex.encode(tcbInfo.pceId()));
		}
		if (!"TDX".equals(tcbInfo.id()) || tcbInfo.version() < MIN_TDX_TCB_INFO_VERSION) {
			throw new DcapVerificationException(Reason.TCB_INFO_UNSUPPORTED, "TCB info must be id TDX version >= "
					+ MIN_TDX_TCB_INFO_VERSION + " for a TDX quote, was " + tcbInfo.id() + " version " + tcbInfo.version());
		}
		byte[] cpuSvn = HexFormat.of().parseHex(pck.cpuSvn());
		for (TcbLevel level : tcbInfo.tcbLevels()) {
			if (pck.pceSvn() >= level.pceSvn() && meets(cpuSvn, level.sgxComponentSvns())
					&& meets(teeTcbSvn, level.tdxComponentSvns())) {
				return level.status();
			}
		}
		throw new DcapVerificationException(Reason.NO_MATCHING_TCB_LEVEL,
				"no matching TCB level: CPUSVN=" + pck.cpuSvn() + " PCESVN=" + pck.pceSvn() + " TEE_TCB_SVN="
						+ Hex.encode(teeTcbSvn) + " meet none of the " + tcbInfo.tcbLevels().size() + " levels");
	}

	/**
	 * Step 11: the TDX module must be signed and configured as the TCB info expects; when a module identity for
	 * its major version exists, the module SVN picks the module status.
	 * @return the module status, or empty when no module identity applies
	 */
	static Optional<TcbStatusWithAdvisories> moduleStatus(TcbInfo tcbInfo, byte[] teeTcbSvn, byte[] mrSignerSeam,
			byte[] seamAttributes) throws DcapVerificationException {
		int moduleIsvSvn = teeTcbSvn[0] & 0xFF;
		int moduleVersion = teeTcbSvn[1] & 0xFF;
		TdxModule expected = tcbInfo.tdxModule();
		if (expected == null) {
			throw moduleMismatch("TCB info has no tdxModule");
		}
		TdxModuleIdentity identity = null;
		if (moduleVersion > 0 && !tcbInfo.tdxModuleIdentities().isEmpty()) {
			String wanted = String.format(Locale.ROOT, "TDX_%02X", moduleVersion);
			identity = tcbInfo.tdxModuleIdentities()
				.stream()
				.filter((candidate) -> candidate.id().equalsIgnoreCase(wanted))
				.findFirst()
				.orElseThrow(() -> moduleMismatch("TCB info has no TDX module identity " + wanted));
			expected = identity.module();
		}
		if (!MessageDigest.isEqual(mrSignerSeam, expected.mrSigner())) {
			throw moduleMismatch("MRSIGNERSEAM " + Hex.encode(mrSignerSeam) + " differs from the expected "
					+ Hex.encode(expected.mrSigner()));
		}
		byte[] attributes = expected.attributes();
		byte[] mask = expected.attributesMask();
		for (int i = 0; i < seamAttributes.length; i++) {
			// Bits outside the mask must be clear as well, as dcap-qvl requires.
			if ((seamAttributes[i] & mask[i]) != (attributes[i] & mask[i]) || (seamAttributes[i] & ~mask[i]) != 0) {
				throw moduleMismatch("SEAMATTRIBUTES " + Hex.encode(seamAttributes) + " do not match the expected "
						+ Hex.encode(attributes) + " under mask " + Hex.encode(mask));
			}
		}
		if (identity == null) {
			return Optional.empty();
		}
		for (ModuleTcbLevel level : identity.tcbLevels()) {
			if (moduleIsvSvn >= level.isvSvn()) {
				return Optional.of(level.status());
			}
		}
		throw moduleMismatch("TDX module ISVSVN " + moduleIsvSvn + " is below every level of " + identity.id());
	}

	private static boolean meets(byte[] actual, int[] required) {
		for (int i = 0; i < required.length; i++) {
			if ((actual[i] & 0xFF) < required[i]) {
				return false;
			}
		}
		return true;
	}

	private static DcapVerificationException mismatch(String message) {
		return new DcapVerificationException(Reason.QE_IDENTITY_MISMATCH, message);
	}

	private static DcapVerificationException moduleMismatch(String message) {
		return new DcapVerificationException(Reason.TDX_MODULE_MISMATCH, message);
	}

}
