package com.teesql.devcluster.platform;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import com.teesql.jdbc.attestation.TdxQuoteLayout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DevTdxPlatformTests {

	private static final SecureRandom random = new SecureRandom();

	private static final DevTdxPlatform platform = DevTdxPlatform.create(random);

	private final TdIdentity td = TdIdentity.random(random);

	private final byte[] reportData = randomBytes(64);

	private final byte[] quote = platform.quote(this.td, this.reportData);

	private final TestQuoteReader reader = new TestQuoteReader(this.quote);

	@Test
	void headerIsDcapV4TdxWithIntelVendorId() {
		assertThat(this.reader.u16(TdxQuoteLayout.HEADER_VERSION)).isEqualTo(4);
		assertThat(this.reader.u16(TdxQuoteLayout.HEADER_ATTESTATION_KEY_TYPE)).isEqualTo(2);
		assertThat(this.reader.u32(TdxQuoteLayout.HEADER_TEE_TYPE)).isEqualTo(0x81);
		assertThat(this.reader.u16(TdxQuoteLayout.HEADER_QE_SVN)).isEqualTo(platform.tcb().qeSvn());
		assertThat(this.reader.u16(TdxQuoteLayout.HEADER_PCE_SVN)).isEqualTo(platform.tcb().pceSvn());
		assertThat(this.reader.slice(TdxQuoteLayout.HEADER_QE_VENDOR_ID, 16))
			.isEqualTo(java.util.HexFormat.of().parseHex("939a7233f79c4ca9940a0db3957f0607"));
		assertThat(this.reader.slice(TdxQuoteLayout.HEADER_USER_DATA, 16)).isEqualTo(platform.qeId());
	}

	@Test
	void everyTdIdentityFieldIsAtItsLayoutOffset() {
		assertThat(this.reader.measurement(TdxQuoteLayout.MR_TD)).isEqualTo(this.td.mrTd());
		assertThat(this.reader.measurement(TdxQuoteLayout.RTMR0)).isEqualTo(this.td.rtmr0());
		assertThat(this.reader.measurement(TdxQuoteLayout.RTMR1)).isEqualTo(this.td.rtmr1());
		assertThat(this.reader.measurement(TdxQuoteLayout.RTMR2)).isEqualTo(this.td.rtmr2());
		assertThat(this.reader.measurement(TdxQuoteLayout.MR_CONFIG_ID)).isEqualTo(this.td.mrConfigId());
		assertThat(this.reader.reportField(TdxQuoteLayout.TD_ATTRIBUTES, 8)).containsExactly(0, 0, 0, 0x10, 0, 0, 0,
				0);
		assertThat(this.reader.reportData()).isEqualTo(this.reportData);
		assertThat(this.reader.reportField(TdxQuoteLayout.TEE_TCB_SVN, 16)).isEqualTo(platform.tcb().teeTcbSvn());
		assertThat(this.reader.measurement(TdxQuoteLayout.MR_SEAM)).isEqualTo(platform.tcb().mrSeam());
		assertThat(this.reader.measurement(TdxQuoteLayout.MR_SIGNER_SEAM)).containsOnly(0);
		assertThat(this.reader.measurement(TdxQuoteLayout.MR_OWNER)).containsOnly(0);
		assertThat(this.reader.reportField(TdxQuoteLayout.XFAM, 8)).isEqualTo(platform.tcb().xfam());
	}

	@Test
	void rtmr3InTheQuoteIsTheReplayOfTheRuntimeEvents() {
		assertThat(this.reader.measurement(TdxQuoteLayout.RTMR3))
			.isEqualTo(RuntimeEvent.replay(this.td.runtimeEvents()))
			.isNotEqualTo(new byte[48]);
	}

	@Test
	void debugIdentitySetsTheDebugBit() {
		byte[] debugQuote = platform.quote(this.td.withDebug(true), this.reportData);
		assertThat(new TestQuoteReader(debugQuote).reportField(TdxQuoteLayout.TD_ATTRIBUTES, 8)[0]).isEqualTo((byte) 1);
	}

	@Test
	void signatureDataLengthsAddUp() {
		int signatureData = DevQuoteSigner.V4_SIGNED_LENGTH;
		assertThat(this.reader.u32(signatureData)).isEqualTo(this.quote.length - signatureData - 4);
		assertThat(this.reader.u16(signatureData + TdxQuoteLayout.SIG_CERT_DATA_TYPE)).isEqualTo(6);
		assertThat(this.reader.u32(signatureData + TdxQuoteLayout.SIG_CERT_DATA_SIZE))
			.isEqualTo(this.quote.length - this.reader.certificationDataOffset());
		assertThat(this.reader.u16(this.reader.innerTypeOffset())).isEqualTo(5);
		assertThat(this.reader.innerTypeOffset() + 6 + this.reader.u32(this.reader.innerTypeOffset() + 2))
			.isEqualTo(this.quote.length);
	}

	@Test
	void isvSignatureVerifiesWithTheAttestationKeyFromTheQuote() throws Exception {
		PublicKey attestationKey = TestQuoteReader.p256PublicKey(this.reader.attestationKeyRaw());
		assertThat(attestationKey.getEncoded()).isEqualTo(platform.attestationPublicKey().getEncoded());
		assertThat(verifyRaw(attestationKey, this.reader.signedRegion(), this.reader.isvSignature())).isTrue();
		byte[] tampered = this.reader.signedRegion();
		tampered[TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.REPORT_DATA] ^= 1;
		assertThat(verifyRaw(attestationKey, tampered, this.reader.isvSignature())).isFalse();
	}

	@Test
	void qeReportBindsTheAttestationKeyAndAuthData() throws Exception {
		byte[] qeReport = this.reader.qeReport();
		assertThat(this.reader.qeAuthData()).hasSize(32);
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		sha256.update(this.reader.attestationKeyRaw());
		sha256.update(this.reader.qeAuthData());
		assertThat(Arrays.copyOfRange(qeReport, 320, 352)).isEqualTo(sha256.digest());
		assertThat(Arrays.copyOfRange(qeReport, 352, 384)).containsOnly(0);
		assertThat(Arrays.copyOfRange(qeReport, 128, 160)).isEqualTo(platform.qeIdentity().mrSigner());
		assertThat(qeReport[256]).isEqualTo((byte) platform.qeIdentity().isvProdId());
	}

	@Test
	void pckChainParsesAndItsLeafSignedTheQeReport() throws Exception {
		List<X509Certificate> chain = this.reader.pckChain();
		assertThat(chain).containsExactly(platform.pki().pckCertificate(), platform.pki().platformCaCertificate(),
				platform.pki().rootCertificate());
		chain.get(0).verify(chain.get(1).getPublicKey());
		chain.get(1).verify(chain.get(2).getPublicKey());
		chain.get(2).verify(chain.get(2).getPublicKey());
		assertThat(verifyRaw(chain.get(0).getPublicKey(), this.reader.qeReport(), this.reader.qeReportSignature()))
			.isTrue();
		assertThat(verifyRaw(chain.get(1).getPublicKey(), this.reader.qeReport(), this.reader.qeReportSignature()))
			.isFalse();
	}

	@Test
	void quotesOfDifferentReportDataDifferOnlyInReportDataAndIsvSignature() {
		byte[] other = platform.quote(this.td, randomBytes(64));
		assertThat(other).hasSameSizeAs(this.quote);
		int reportData = TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.REPORT_DATA;
		assertThat(Arrays.copyOfRange(other, 0, reportData)).isEqualTo(Arrays.copyOfRange(this.quote, 0, reportData));
		int afterIsvSignature = DevQuoteSigner.V4_SIGNED_LENGTH + TdxQuoteLayout.SIG_ATTESTATION_KEY;
		assertThat(Arrays.copyOfRange(other, afterIsvSignature, other.length))
			.isEqualTo(Arrays.copyOfRange(this.quote, afterIsvSignature, this.quote.length));
	}

	static boolean verifyRaw(PublicKey key, byte[] data, byte[] rawSignature) throws Exception {
		Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
		signature.initVerify(key);
		signature.update(data);
		return signature.verify(rawSignature);
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

}
