package com.teesql.devcluster.dns;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The dev controller's manifest signing key: secp256k1, EIP-191 {@code personal_sign} over the canonical body,
 * deterministic (RFC 6979) low-s signatures with {@code v} ∈ {27, 28}, like the production controller. The private
 * key never appears in {@link #toString()}.
 */
public final class ManifestSigner {

	private static final BigInteger CURVE_ORDER = Sign.CURVE_PARAMS.getN();

	private final ECKeyPair keyPair;

	private final String address;

	private ManifestSigner(BigInteger privateKey) {
		if (privateKey.signum() <= 0 || privateKey.compareTo(CURVE_ORDER) >= 0) {
			throw new IllegalArgumentException("secp256k1 private key out of range");
		}
		this.keyPair = ECKeyPair.create(privateKey);
		byte[] hash = Hash.sha3(Numeric.toBytesPadded(this.keyPair.getPublicKey(), 64));
		this.address = "0x" + HexFormat.of().formatHex(hash, 12, 32);
	}

	/**
	 * A fresh random key.
	 * @return the signer
	 */
	public static ManifestSigner random() {
		SecureRandom random = new SecureRandom();
		BigInteger key;
		do {
			key = new BigInteger(256, random);
		}
		while (key.signum() == 0 || key.compareTo(CURVE_ORDER) >= 0);
		return new ManifestSigner(key);
	}

	/**
	 * A signer for a known key, for example the test-vector key {@code 0x11…11}.
	 * @param privateKeyHex 32 bytes as hex, optional {@code 0x}
	 * @return the signer
	 */
	public static ManifestSigner fromPrivateKey(String privateKeyHex) {
		String hex = privateKeyHex.startsWith("0x") ? privateKeyHex.substring(2) : privateKeyHex;
		if (hex.length() != 64) {
			throw new IllegalArgumentException("secp256k1 private key must be 32 bytes of hex");
		}
		return new ManifestSigner(new BigInteger(1, HexFormat.of().parseHex(hex)));
	}

	/**
	 * The signer's Ethereum address, what clients configure as the expected signer.
	 * @return {@code 0x} + 40 lowercase hex
	 */
	public String address() {
		return this.address;
	}

	/**
	 * Sign a body with EIP-191.
	 * @param body the canonical body
	 * @return {@code 0x} + 130 hex ({@code r ‖ s ‖ v})
	 */
	public String signBody(String body) {
		Sign.SignatureData signature = Sign.signPrefixedMessage(body.getBytes(StandardCharsets.UTF_8), this.keyPair);
		byte[] bytes = new byte[65];
		System.arraycopy(signature.getR(), 0, bytes, 0, 32);
		System.arraycopy(signature.getS(), 0, bytes, 32, 32);
		bytes[64] = signature.getV()[0];
		return "0x" + HexFormat.of().formatHex(bytes);
	}

	/**
	 * The signed TXT string for the fields.
	 * @param fields the manifest fields
	 * @return the wire string
	 */
	public String sign(ManifestFields fields) {
		return fields.txt(signBody(fields.canonicalBody()));
	}

	@Override
	public String toString() {
		return "ManifestSigner[address=" + this.address + "]";
	}

}
