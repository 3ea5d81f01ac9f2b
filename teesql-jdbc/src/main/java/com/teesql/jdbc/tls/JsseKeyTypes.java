package com.teesql.jdbc.tls;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;

/**
 * Whether a private key can serve the key type a JSSE provider asks a key manager for. The JDK asks for "EC" or
 * "RSA"; BouncyCastle's JSSE asks for "EC/secp256r1" in TLS 1.3, naming the curve the signature scheme requires.
 */
final class JsseKeyTypes {

	private JsseKeyTypes() {
	}

	/**
	 * Whether the key serves the requested key type.
	 * @param key the key
	 * @param keyType "EC", "RSA", "RSASSA-PSS" or "EC/&lt;curve&gt;"
	 * @return whether it does
	 */
	static boolean matches(PrivateKey key, String keyType) {
		int slash = keyType.indexOf('/');
		if (slash >= 0) {
			return matches(key, keyType.substring(0, slash)) && key instanceof ECPrivateKey ecKey
					&& isOnCurve(ecKey, keyType.substring(slash + 1));
		}
		String algorithm = "ECDSA".equalsIgnoreCase(key.getAlgorithm()) ? "EC" : key.getAlgorithm();
		return keyType.equalsIgnoreCase(algorithm)
				|| ("RSA".equalsIgnoreCase(algorithm) && keyType.equalsIgnoreCase("RSASSA-PSS"));
	}

	private static boolean isOnCurve(ECPrivateKey key, String curveName) {
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec(curveName));
			ECParameterSpec named = parameters.getParameterSpec(ECParameterSpec.class);
			ECParameterSpec own = key.getParams();
			return named.getCurve().equals(own.getCurve()) && named.getGenerator().equals(own.getGenerator())
					&& named.getOrder().equals(own.getOrder());
		}
		catch (GeneralSecurityException ex) {
			// A curve this JDK does not know: not the key's.
			return false;
		}
	}

}
