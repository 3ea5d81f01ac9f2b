package com.teesql.jdbc.attestation.dcap;

import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * Every ECDSA P-256 / SHA-256 verification of DCAP, in one place: the raw 64-byte r‖s signatures of quotes and Intel
 * collateral, and the DER signatures of certificates (path building) and CRLs. The choice was measured
 * ({@code EcdsaP256Benchmark} in {@code benchmarks/}): BouncyCastle's lightweight {@link ECDSASigner} on its custom
 * secp256r1 curve is many times faster on JDK 17 than the JDK's SunEC {@code Signature} and than BouncyCastle's JCA
 * provider, so it checks every signature the verifier checks: raw signatures here, certificate signatures also
 * when the JDK's PKIX validator asks for them ({@link EcdsaVerifiedCertificate} hands PKIX the JDK-parsed
 * certificates with only their {@code verify} routed here), CRL signatures in {@link CrlSet}. Re-parsing the
 * certificates with BouncyCastle's provider to route PKIX through it measured far slower. No elliptic-curve
 * arithmetic is written here.
 */
public final class EcdsaP256 {

	/** ecdsa-with-SHA256, the only signature algorithm Intel uses. */
	static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

	private static final int COORDINATE_SIZE = 32;

	private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");

	private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);

	private static final ECParameterSpec P256 = p256();

	/** Converted keys, so BouncyCastle's per-point precomputation is reused for a key seen before. */
	private static final Map<PublicKey, ECPublicKeyParameters> KEYS = new ConcurrentHashMap<>();

	private static final int MAX_KEYS = 256;

	private EcdsaP256() {
	}

	/**
	 * Verify a raw r‖s signature.
	 * @param key the P-256 public key
	 * @param data the signed data
	 * @param length how many leading bytes of {@code data} are signed
	 * @param signature the 64-byte r‖s signature
	 * @return whether it verifies; malformed input (wrong sizes, a key not on P-256) is simply invalid
	 */
	public static boolean verify(PublicKey key, byte[] data, int length, byte[] signature) {
		if (signature == null || signature.length != 2 * COORDINATE_SIZE || length < 0 || length > data.length) {
			return false;
		}
		BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, COORDINATE_SIZE));
		BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, COORDINATE_SIZE, signature.length));
		MessageDigest sha256 = sha256();
		sha256.update(data, 0, length);
		return verifyDigest(key, sha256.digest(), r, s);
	}

	/**
	 * Verify a certificate's signature (ecdsa-with-SHA256 over its TBS part).
	 * @param certificate the certificate
	 * @param issuerKey the issuer's public key
	 * @return whether it verifies; another algorithm or a malformed signature is invalid
	 */
	public static boolean verifyCertificate(X509Certificate certificate, PublicKey issuerKey) {
		try {
			return ECDSA_WITH_SHA256.equals(certificate.getSigAlgOID())
					&& verifyDer(issuerKey, certificate.getTBSCertificate(), certificate.getSignature());
		}
		catch (CertificateException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Verify a CRL's signature (ecdsa-with-SHA256 over its TBS part).
	 * @param crl the CRL
	 * @param issuerKey the issuer's public key
	 * @return whether it verifies; another algorithm or a malformed signature is invalid
	 */
	public static boolean verifyCrl(X509CRL crl, PublicKey issuerKey) {
		try {
			return ECDSA_WITH_SHA256.equals(crl.getSigAlgOID())
					&& verifyDer(issuerKey, crl.getTBSCertList(), crl.getSignature());
		}
		catch (java.security.cert.CRLException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Build a P-256 public key from a raw 64-byte X‖Y point.
	 * @param rawPoint the point
	 * @return the key, or {@code null} if the bytes are not a point on the curve
	 */
	public static PublicKey publicKey(byte[] rawPoint) {
		if (rawPoint == null || rawPoint.length != 2 * COORDINATE_SIZE) {
			return null;
		}
		BigInteger x = new BigInteger(1, Arrays.copyOfRange(rawPoint, 0, COORDINATE_SIZE));
		BigInteger y = new BigInteger(1, Arrays.copyOfRange(rawPoint, COORDINATE_SIZE, rawPoint.length));
		try {
			CURVE.getCurve().validatePoint(x, y);
			return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return null;
		}
	}

	private static boolean verifyDer(PublicKey key, byte[] tbs, byte[] derSignature) {
		BigInteger[] rs = decodeDer(derSignature);
		return rs != null && verifyDigest(key, sha256().digest(tbs), rs[0], rs[1]);
	}

	/** A DER {@code SEQUENCE { INTEGER r, INTEGER s }}, strictly: nothing after it, no other encoding. */
	private static BigInteger[] decodeDer(byte[] der) {
		try {
			ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
			if (sequence.size() != 2 || !Arrays.equals(sequence.getEncoded(ASN1Encoding.DER), der)) {
				return null;
			}
			return new BigInteger[] { ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue(),
					ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue() };
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static boolean verifyDigest(PublicKey key, byte[] digest, BigInteger r, BigInteger s) {
		if (!(key instanceof ECPublicKey ecKey) || !isP256(ecKey)) {
			return false;
		}
		try {
			ECPublicKeyParameters parameters = KEYS.get(ecKey);
			if (parameters == null) {
				parameters = new ECPublicKeyParameters(
						CURVE.getCurve().validatePoint(ecKey.getW().getAffineX(), ecKey.getW().getAffineY()), DOMAIN);
				if (KEYS.size() >= MAX_KEYS) {
					KEYS.clear();
				}
				KEYS.put(ecKey, parameters);
			}
			ECDSASigner signer = new ECDSASigner();
			signer.init(false, parameters);
			// ECDSASigner refuses r and s outside [1, n-1] itself.
			return signer.verifySignature(digest, r, s);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static boolean isP256(ECPublicKey key) {
		ECParameterSpec spec = key.getParams();
		return spec != null && spec.getCurve().equals(P256.getCurve()) && spec.getGenerator().equals(P256.getGenerator())
				&& spec.getOrder().equals(P256.getOrder()) && spec.getCofactor() == P256.getCofactor();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JDK provides no SHA-256", ex);
		}
	}

	private static ECParameterSpec p256() {
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec("secp256r1"));
			return parameters.getParameterSpec(ECParameterSpec.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The JDK provides no P-256 curve", ex);
		}
	}

}
