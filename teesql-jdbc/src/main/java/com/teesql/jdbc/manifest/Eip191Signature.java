package com.teesql.jdbc.manifest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Recovers the Ethereum address that signed a manifest body with EIP-191 {@code personal_sign} (protocol §6.5):
 * Keccak-256 over {@code "\x19Ethereum Signed Message:\n" ‖ len ‖ body}, secp256k1 public-key recovery, address =
 * the last 20 bytes of Keccak-256 of the uncompressed point.
 * <p>
 * Stricter than web3j's own {@code signedPrefixedMessageToKey}: only the recovery bytes 27/28 (and 0/1, which some
 * signers emit) are accepted, {@code r} and {@code s} must lie in {@code [1, n-1]}, and {@code s} must be in the
 * lower half of the curve order — the Rust signer emits low-s only, and a high-s twin of a valid signature is a
 * malleated copy nobody produced.
 */
public final class Eip191Signature {

	private static final BigInteger CURVE_ORDER = Sign.CURVE_PARAMS.getN();

	private static final BigInteger HALF_CURVE_ORDER = CURVE_ORDER.shiftRight(1);

	private Eip191Signature() {
	}

	/**
	 * The EIP-191 digest of a body.
	 * @param body the signed body (UTF-8 encoded; the length prefix counts bytes)
	 * @return the 32-byte Keccak-256 digest
	 */
	public static byte[] digest(String body) {
		return Sign.getEthereumMessageHash(body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Recover the signer address.
	 * @param body the signed body
	 * @param signature 65 bytes {@code r ‖ s ‖ v}
	 * @return {@code 0x} + 40 lowercase hex
	 * @throws ManifestSignatureException when no address can be recovered
	 */
	public static String recoverSigner(String body, byte[] signature) throws ManifestSignatureException {
		if (signature.length != 65) {
			throw new ManifestSignatureException("signature must be 65 bytes, got " + signature.length);
		}
		int v = signature[64] & 0xFF;
		int recoveryId = switch (v) {
			case 27, 28 -> v - 27;
			case 0, 1 -> v;
			default -> throw new ManifestSignatureException(
					"invalid recovery byte v=" + v + " (expected 27 or 28, or 0 or 1)");
		};
		BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
		BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
		if (r.signum() == 0 || r.compareTo(CURVE_ORDER) >= 0 || s.signum() == 0 || s.compareTo(CURVE_ORDER) >= 0) {
			throw new ManifestSignatureException("r or s outside [1, n-1]");
		}
		if (s.compareTo(HALF_CURVE_ORDER) > 0) {
			throw new ManifestSignatureException("high-s signature (s above n/2 is not canonical)");
		}
		BigInteger publicKey;
		try {
			publicKey = Sign.recoverFromSignature(recoveryId, new ECDSASignature(r, s), digest(body));
		}
		catch (RuntimeException ex) {
			throw new ManifestSignatureException("no public key recoverable (" + ex.getMessage() + ")");
		}
		if (publicKey == null) {
			throw new ManifestSignatureException("no public key recoverable from r, s and v=" + v);
		}
		return address(publicKey);
	}

	/**
	 * The Ethereum address of an uncompressed secp256k1 public key given as the 64-byte {@code X ‖ Y} integer.
	 * @param publicKey the public key
	 * @return {@code 0x} + 40 lowercase hex
	 */
	public static String address(BigInteger publicKey) {
		byte[] hash = Hash.sha3(Numeric.toBytesPadded(publicKey, 64));
		return "0x" + HexFormat.of().formatHex(hash, hash.length - 20, hash.length);
	}

}
