package com.teesql.benchmarks;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.teesql.jdbc.attestation.QuoteSignatureData;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.dcap.EcdsaP256;

/**
 * The P-256 verification options on this JDK, on the fixture's real signatures: the quote's raw r‖s signature by
 * its attestation key, the TCB signing certificate's signature by the Intel root, the root CA CRL's signature, and a
 * PKIX validation of the TCB signing path. Each option is checked at set-up to accept the genuine signature and
 * refuse a changed one, so a broken option fails the run instead of timing an error. Options: the JDK's
 * {@code Signature} (SunEC), BouncyCastle's JCA provider (not installed, used by object), BouncyCastle's lightweight
 * {@link ECDSASigner} on its custom secp256r1 curve, and {@link EcdsaP256}, the one class the verifier uses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EcdsaP256Benchmark {

	private static final Provider BC = new BouncyCastleProvider();

	private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");

	private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);

	private byte[] signed;

	private byte[] rawSignature;

	private PublicKey attestationKey;

	private ECPublicKeyParameters attestationKeyParameters;

	private byte[] tcbSignerDer;

	private byte[] rootDer;

	private byte[] rootCrlDer;

	private X509Certificate jdkRoot;

	private X509Certificate bcRoot;

	private X509Certificate jdkTcbSigner;

	private X509Certificate bcTcbSigner;

	private X509CRL bcRootCrl;

	private Date now;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		TdxQuote quote = TdxQuote.parse(BenchmarkVectors.read(BenchmarkVectors.QUOTE));
		QuoteSignatureData signatureData = quote.signatureData();
		this.signed = quote.signedRegion();
		this.rawSignature = signatureData.quoteSignature();
		this.attestationKey = EcdsaP256.publicKey(signatureData.attestationKey());
		this.attestationKeyParameters = parameters((ECPublicKey) this.attestationKey);
		JsonNode collateral = new ObjectMapper()
			.readTree(new String(BenchmarkVectors.read(BenchmarkVectors.COLLATERAL), StandardCharsets.UTF_8));
		byte[] chainPem = collateral.get("tcb_info_issuer_chain").asText().getBytes(StandardCharsets.UTF_8);
		List<X509Certificate> chain = new ArrayList<>();
		CertificateFactory jdk = CertificateFactory.getInstance("X.509");
		jdk.generateCertificates(new ByteArrayInputStream(chainPem)).forEach((c) -> chain.add((X509Certificate) c));
		this.tcbSignerDer = chain.get(0).getEncoded();
		this.rootDer = chain.get(chain.size() - 1).getEncoded();
		this.rootCrlDer = HexFormat.of().parseHex(collateral.get("root_ca_crl").asText());
		this.jdkRoot = jdkCertificate(this.rootDer);
		this.bcRoot = bcCertificate(this.rootDer);
		this.jdkTcbSigner = jdkCertificate(this.tcbSignerDer);
		this.bcTcbSigner = bcCertificate(this.tcbSignerDer);
		this.bcRootCrl = (X509CRL) CertificateFactory.getInstance("X.509", BC)
			.generateCRL(new ByteArrayInputStream(this.rootCrlDer));
		this.now = new Date(BenchmarkVectors.NOW_EPOCH_SECONDS * 1000);
		requireCorrect();
	}

	/** Every option accepts the genuine signature and refuses a changed one. */
	private void requireCorrect() throws Exception {
		byte[] tampered = this.signed.clone();
		tampered[100] ^= 1;
		require(jdkRaw(this.signed) && !jdkRaw(tampered), "JDK raw");
		require(bcJcaRaw(this.signed) && !bcJcaRaw(tampered), "BC JCA raw");
		require(lightweightRaw(this.signed) && !lightweightRaw(tampered), "BC lightweight raw");
		require(EcdsaP256.verify(this.attestationKey, this.signed, this.signed.length, this.rawSignature)
				&& !EcdsaP256.verify(this.attestationKey, tampered, tampered.length, this.rawSignature), "EcdsaP256");
		require(certificateJdk() && certificateBcJca() && certificateLightweight()
				&& EcdsaP256.verifyCertificate(this.bcTcbSigner, this.jdkRoot.getPublicKey()), "certificate");
		require(!EcdsaP256.verifyCertificate(this.bcTcbSigner, this.attestationKey), "certificate, wrong key");
		require(crlBcJca() && crlLightweight(), "CRL");
		pkixJdkWithJdkCertificates();
		pkixJdkWithBcCertificates();
	}

	private static void require(boolean condition, String option) {
		if (!condition) {
			throw new IllegalStateException(option + " does not verify the fixture's signatures correctly");
		}
	}

	@Benchmark
	public boolean rawJdkSignature() throws GeneralSecurityException {
		return jdkRaw(this.signed);
	}

	@Benchmark
	public boolean rawBcJcaProvider() throws GeneralSecurityException {
		return bcJcaRaw(this.signed);
	}

	@Benchmark
	public boolean rawBcLightweight() throws GeneralSecurityException {
		return lightweightRaw(this.signed);
	}

	@Benchmark
	public boolean rawEcdsaP256() {
		return EcdsaP256.verify(this.attestationKey, this.signed, this.signed.length, this.rawSignature);
	}

	/** JDK {@code Signature} over the TBS certificate; {@code X509Certificate.verify} would cache its result. */
	@Benchmark
	public boolean certificateJdk() throws GeneralSecurityException {
		Signature signature = Signature.getInstance("SHA256withECDSA");
		signature.initVerify(this.jdkRoot.getPublicKey());
		signature.update(this.jdkTcbSigner.getTBSCertificate());
		return signature.verify(this.jdkTcbSigner.getSignature());
	}

	/** A certificate parsed by BouncyCastle verifies with BouncyCastle's provider. */
	@Benchmark
	public boolean certificateBcJca() throws GeneralSecurityException {
		this.bcTcbSigner.verify(this.bcRoot.getPublicKey());
		return true;
	}

	@Benchmark
	public boolean certificateLightweight() throws Exception {
		return lightweight(parameters((ECPublicKey) this.jdkRoot.getPublicKey()), this.jdkTcbSigner.getTBSCertificate(),
				this.jdkTcbSigner.getSignature());
	}

	@Benchmark
	public boolean certificateEcdsaP256() {
		return EcdsaP256.verifyCertificate(this.bcTcbSigner, this.jdkRoot.getPublicKey());
	}

	@Benchmark
	public boolean crlBcJca() throws GeneralSecurityException {
		this.bcRootCrl.verify(this.bcRoot.getPublicKey());
		return true;
	}

	@Benchmark
	public boolean crlLightweight() throws Exception {
		return lightweight(parameters((ECPublicKey) this.jdkRoot.getPublicKey()), this.bcRootCrl.getTBSCertList(),
				this.bcRootCrl.getSignature());
	}

	@Benchmark
	public boolean crlEcdsaP256() {
		return EcdsaP256.verifyCrl(this.bcRootCrl, this.jdkRoot.getPublicKey());
	}

	/**
	 * JDK PKIX on certificates parsed by the JDK. The JDK's X.509 factory returns its cached object for the same bytes,
	 * and that object remembers its last successful verification, so after the first call this measures PKIX without
	 * a signature check: what the JDK does for a certificate it has seen before.
	 */
	@Benchmark
	public Object pkixJdkWithJdkCertificates() throws Exception {
		return pkix(jdkCertificate(this.tcbSignerDer), this.jdkRoot, null);
	}

	/** JDK PKIX on certificates parsed by BouncyCastle: their signatures are checked by BouncyCastle. */
	@Benchmark
	public Object pkixJdkWithBcCertificates() throws Exception {
		return pkix(bcCertificate(this.tcbSignerDer), this.bcRoot, null);
	}

	/** Parsing alone, to read the PKIX figures: what part of them is parsing. */
	@Benchmark
	public Object parseJdkCertificate() throws Exception {
		return jdkCertificate(this.tcbSignerDer);
	}

	@Benchmark
	public Object parseBcCertificate() throws Exception {
		return bcCertificate(this.tcbSignerDer);
	}

	private Object pkix(X509Certificate leaf, X509Certificate root, Provider provider) throws Exception {
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		CertPath path = factory.generateCertPath(List.of(leaf));
		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
		parameters.setRevocationEnabled(false);
		parameters.setDate(this.now);
		CertPathValidator validator = (provider != null) ? CertPathValidator.getInstance("PKIX", provider)
				: CertPathValidator.getInstance("PKIX");
		return validator.validate(path, parameters);
	}

	private boolean jdkRaw(byte[] data) throws GeneralSecurityException {
		Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
		signature.initVerify(this.attestationKey);
		signature.update(data);
		return signature.verify(this.rawSignature);
	}

	private boolean bcJcaRaw(byte[] data) throws GeneralSecurityException {
		Signature signature = Signature.getInstance("SHA256withPLAIN-ECDSA", BC);
		signature.initVerify(this.attestationKey);
		signature.update(data);
		return signature.verify(this.rawSignature);
	}

	private boolean lightweightRaw(byte[] data) throws GeneralSecurityException {
		ECDSASigner signer = new ECDSASigner();
		signer.init(false, this.attestationKeyParameters);
		return signer.verifySignature(MessageDigest.getInstance("SHA-256").digest(data),
				new BigInteger(1, Arrays.copyOfRange(this.rawSignature, 0, 32)),
				new BigInteger(1, Arrays.copyOfRange(this.rawSignature, 32, 64)));
	}

	private static boolean lightweight(ECPublicKeyParameters key, byte[] tbs, byte[] derSignature) throws Exception {
		ASN1Sequence sequence = ASN1Sequence.getInstance(derSignature);
		ECDSASigner signer = new ECDSASigner();
		signer.init(false, key);
		return signer.verifySignature(MessageDigest.getInstance("SHA-256").digest(tbs),
				ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue(),
				ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue());
	}

	private static ECPublicKeyParameters parameters(ECPublicKey key) {
		return new ECPublicKeyParameters(
				CURVE.getCurve().validatePoint(key.getW().getAffineX(), key.getW().getAffineY()), DOMAIN);
	}

	private static X509Certificate jdkCertificate(byte[] der) throws Exception {
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(der));
	}

	private static X509Certificate bcCertificate(byte[] der) throws Exception {
		return (X509Certificate) CertificateFactory.getInstance("X.509", BC)
			.generateCertificate(new ByteArrayInputStream(der));
	}

}
