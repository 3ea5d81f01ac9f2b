package com.teesql.jdbc.attestation.dcap;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;

/**
 * ECDSA P-256 / SHA-256 with the raw 64-byte r‖s signatures and X‖Y public keys that quotes and Intel collateral
 * use.
 */
final class EcdsaP256 {

	private static final String RAW_SIGNATURE_ALGORITHM = "SHA256withECDSAinP1363Format";

	private static final int COORDINATE_SIZE = 32;

	private static final ECParameterSpec P256 = p256();

	private EcdsaP256() {
	}

	/**
	 * @return whether {@code signature} is a valid raw r‖s signature of {@code data}; malformed input is simply
	 * invalid
	 */
	static boolean verify(PublicKey key, byte[] data, int length, byte[] signature) {
		try {
			Signature verifier = Signature.getInstance(RAW_SIGNATURE_ALGORITHM);
			verifier.initVerify(key);
			verifier.update(data, 0, length);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Build a P-256 public key from a raw 64-byte X‖Y point.
	 * @return the key, or {@code null} if the bytes are not a point on the curve
	 */
	static PublicKey publicKey(byte[] rawPoint) {
		if (rawPoint.length != 2 * COORDINATE_SIZE) {
			return null;
		}
		BigInteger x = new BigInteger(1, Arrays.copyOfRange(rawPoint, 0, COORDINATE_SIZE));
		BigInteger y = new BigInteger(1, Arrays.copyOfRange(rawPoint, COORDINATE_SIZE, rawPoint.length));
		if (!isOnCurve(x, y)) {
			return null;
		}
		try {
			return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
		}
		catch (GeneralSecurityException ex) {
			return null;
		}
	}

	private static boolean isOnCurve(BigInteger x, BigInteger y) {
		EllipticCurve curve = P256.getCurve();
		BigInteger p = ((ECFieldFp) curve.getField()).getP();
		if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
			return false;
		}
		BigInteger left = y.multiply(y).mod(p);
		BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
		return left.equals(right);
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
