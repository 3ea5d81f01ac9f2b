package com.teesql.devcluster.platform;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.List;

import com.teesql.jdbc.attestation.TdxQuoteLayout;

/**
 * Test-local reader of the v4 quotes the dev platform writes, by the offsets of {@link TdxQuoteLayout}.
 */
public final class TestQuoteReader {

	private final byte[] quote;

	public TestQuoteReader(byte[] quote) {
		this.quote = quote;
	}

	public int u16(int offset) {
		return (this.quote[offset] & 0xFF) | (this.quote[offset + 1] & 0xFF) << 8;
	}

	public long u32(int offset) {
		return u16(offset) | ((long) u16(offset + 2) << 16);
	}

	public byte[] slice(int offset, int length) {
		return Arrays.copyOfRange(this.quote, offset, offset + length);
	}

	public byte[] reportField(int fieldOffset, int length) {
		return slice(TdxQuoteLayout.V4_REPORT_OFFSET + fieldOffset, length);
	}

	public byte[] measurement(int fieldOffset) {
		return reportField(fieldOffset, TdxQuoteLayout.MEASUREMENT_SIZE);
	}

	public byte[] reportData() {
		return reportField(TdxQuoteLayout.REPORT_DATA, TdxQuoteLayout.REPORT_DATA_SIZE);
	}

	public int signatureData() {
		return DevQuoteSigner.V4_SIGNED_LENGTH;
	}

	public byte[] signedRegion() {
		return slice(0, DevQuoteSigner.V4_SIGNED_LENGTH);
	}

	public byte[] isvSignature() {
		return slice(signatureData() + TdxQuoteLayout.SIG_ISV_SIGNATURE, 64);
	}

	public byte[] attestationKeyRaw() {
		return slice(signatureData() + TdxQuoteLayout.SIG_ATTESTATION_KEY, 64);
	}

	public int certificationDataOffset() {
		return signatureData() + TdxQuoteLayout.SIG_CERT_DATA;
	}

	public byte[] qeReport() {
		return slice(certificationDataOffset(), TdxQuoteLayout.QE_REPORT_SIZE);
	}

	public byte[] qeReportSignature() {
		return slice(certificationDataOffset() + TdxQuoteLayout.QE_REPORT_SIZE, 64);
	}

	public int qeAuthDataSizeOffset() {
		return certificationDataOffset() + TdxQuoteLayout.QE_REPORT_SIZE + 64;
	}

	public byte[] qeAuthData() {
		return slice(qeAuthDataSizeOffset() + 2, u16(qeAuthDataSizeOffset()));
	}

	public int innerTypeOffset() {
		return qeAuthDataSizeOffset() + 2 + u16(qeAuthDataSizeOffset());
	}

	public String pckChainPem() {
		int size = (int) u32(innerTypeOffset() + 2);
		return new String(slice(innerTypeOffset() + 6, size), StandardCharsets.US_ASCII);
	}

	public List<X509Certificate> pckChain() throws Exception {
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		return factory
			.generateCertificates(new ByteArrayInputStream(pckChainPem().getBytes(StandardCharsets.US_ASCII)))
			.stream()
			.map(X509Certificate.class::cast)
			.toList();
	}

	public static PublicKey p256PublicKey(byte[] rawXy) throws Exception {
		AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
		parameters.init(new ECGenParameterSpec("secp256r1"));
		ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
		ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(rawXy, 0, 32)),
				new BigInteger(1, Arrays.copyOfRange(rawXy, 32, 64)));
		return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
	}

}
