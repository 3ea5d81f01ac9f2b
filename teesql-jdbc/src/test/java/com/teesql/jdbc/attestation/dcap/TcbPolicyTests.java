package com.teesql.jdbc.attestation.dcap;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.TdxQuoteLayout;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The grading steps (QE identity, platform level, TDX module) on the fixture's authenticated inputs
 * with single fields changed. Signatures would reject such changes earlier, so these steps are exercised directly.
 */
class TcbPolicyTests {

	private static final int TD_REPORT = TdxQuoteLayout.V4_REPORT_OFFSET;

	private static final int QE_REPORT = 770;

	private final TcbInfo tcbInfo = parseTcbInfo();

	@Test
	void moduleStatusComesFromTheIdentityOfTheMajorVersion() throws Exception {
		assertThat(moduleStatus(6, 1, new byte[48])).isEqualTo(TcbStatus.UP_TO_DATE);
		assertThat(moduleStatus(3, 1, new byte[48])).isEqualTo(TcbStatus.OUT_OF_DATE);
		assertThat(TcbLevelMatcher.moduleStatus(this.tcbInfo, svn(6, 0), new byte[48], new byte[8])).isEmpty();
	}

	@Test
	void moduleBelowEveryLevelIsRefused() {
		assertThatExceptionOfType(DcapVerificationException.class).isThrownBy(() -> moduleStatus(1, 1, new byte[48]))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TDX_MODULE_MISMATCH))
			.withMessageContaining("below every level of TDX_01");
	}

	@Test
	void unknownModuleMajorVersionIsRefused() {
		assertThatExceptionOfType(DcapVerificationException.class).isThrownBy(() -> moduleStatus(6, 2, new byte[48]))
			.withMessageContaining("no TDX module identity TDX_02");
	}

	@Test
	void foreignModuleSignerOrAttributesAreRefused() {
		byte[] signer = new byte[48];
		signer[47] = 1;
		assertThatExceptionOfType(DcapVerificationException.class).isThrownBy(() -> moduleStatus(6, 1, signer))
			.withMessageContaining("MRSIGNERSEAM");
		byte[] attributes = new byte[8];
		attributes[0] = 1;
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> TcbLevelMatcher.moduleStatus(this.tcbInfo, svn(6, 1), new byte[48], attributes))
			.withMessageContaining("SEAMATTRIBUTES");
	}

	@Test
	void platformLevelFollowsPceSvn() throws Exception {
		PckCertificate pck = fixturePck();
		assertThat(TcbLevelMatcher.platformStatus(this.tcbInfo, pck, svn(6, 1)).status()).isEqualTo(TcbStatus.UP_TO_DATE);
		TcbStatusWithAdvisories older = TcbLevelMatcher.platformStatus(this.tcbInfo, withPceSvn(pck, 7), svn(6, 1));
		assertThat(older.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
		assertThat(older.advisoryIds()).hasSize(14);
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> TcbLevelMatcher.platformStatus(this.tcbInfo, withPceSvn(pck, 4), svn(6, 1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCHING_TCB_LEVEL));
		// TDX component 0 below every level's 5.
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> TcbLevelMatcher.platformStatus(this.tcbInfo, pck, svn(4, 1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCHING_TCB_LEVEL));
	}

	@Test
	void pckOfAnotherPlatformFamilyIsRefused() throws Exception {
		PckCertificate pck = fixturePck();
		PckCertificate other = new PckCertificate(pck.subject(), pck.issuer(), pck.serialNumber(), pck.notBefore(),
				pck.notAfter(), pck.ppid(), pck.cpuSvn(), pck.componentSvns(), pck.pceSvn(), pck.pceId(), "90c06f000000",
				pck.sgxType());
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> TcbLevelMatcher.platformStatus(this.tcbInfo, other, svn(6, 1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.FMSPC_MISMATCH));
	}

	@Test
	void pckOfAnotherPceIsRefused() throws Exception {
		PckCertificate pck = fixturePck();
		PckCertificate other = new PckCertificate(pck.subject(), pck.issuer(), pck.serialNumber(), pck.notBefore(),
				pck.notAfter(), pck.ppid(), pck.cpuSvn(), pck.componentSvns(), pck.pceSvn(), "0001", pck.fmspc(),
				pck.sgxType());
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> TcbLevelMatcher.platformStatus(this.tcbInfo, other, svn(6, 1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.PCE_ID_MISMATCH))
			.withMessage("PCK certificate PCE-ID 0001 differs from the TCB info's pceId 0000");
	}

	@Test
	void quotingEnclaveIsGradedAgainstTheQeIdentity() throws Exception {
		QeIdentity identity = QeIdentity.parse(DcapVectors.v4Collateral().qeIdentity());
		assertThat(TcbLevelMatcher.qeStatus(identity, qeReport(-1, 0)).status()).isEqualTo(TcbStatus.UP_TO_DATE);
		// ISVSVN 3 < 4.
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> TcbLevelMatcher.qeStatus(identity, qeReport(258, 0x05)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.QE_IDENTITY_MISMATCH))
			.withMessageContaining("ISVSVN 3");
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> TcbLevelMatcher.qeStatus(identity, qeReport(48, 0x02)))
			.withMessageContaining("debug mode");
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> TcbLevelMatcher.qeStatus(identity, qeReport(128, 0x01)))
			.withMessageContaining("MRSIGNER");
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> TcbLevelMatcher.qeStatus(identity, qeReport(256, 0x01)))
			.withMessageContaining("ISVPRODID 3");
	}

	private TcbStatus moduleStatus(int isvSvn, int majorVersion, byte[] mrSignerSeam) throws DcapVerificationException {
		return TcbLevelMatcher.moduleStatus(this.tcbInfo, svn(isvSvn, majorVersion), mrSignerSeam, new byte[8])
			.orElseThrow()
			.status();
	}

	private static byte[] svn(int isvSvn, int majorVersion) {
		byte[] svn = new byte[16];
		svn[0] = (byte) isvSvn;
		svn[1] = (byte) majorVersion;
		svn[2] = 3;
		return svn;
	}

	private static byte[] qeReport(int offset, int xor) {
		byte[] report = new byte[384];
		System.arraycopy(DcapVectors.v4Quote(), QE_REPORT, report, 0, report.length);
		if (offset >= 0) {
			report[offset] ^= (byte) xor;
		}
		return report;
	}

	private static PckCertificate fixturePck() throws Exception {
		return DcapVectors.verifier()
			.verify(DcapVectors.v4Quote(), DcapVectors.v4Collateral(), DcapVectors.FIXTURE_NOW)
			.pck();
	}

	private static PckCertificate withPceSvn(PckCertificate pck, int pceSvn) {
		return new PckCertificate(pck.subject(), pck.issuer(), pck.serialNumber(), pck.notBefore(), pck.notAfter(),
				pck.ppid(), pck.cpuSvn(), List.copyOf(pck.componentSvns()), pceSvn, pck.pceId(), pck.fmspc(),
				pck.sgxType());
	}

	private static TcbInfo parseTcbInfo() {
		try {
			return TcbInfo.parse(DcapVectors.v4Collateral().tcbInfo());
		}
		catch (DcapVerificationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
