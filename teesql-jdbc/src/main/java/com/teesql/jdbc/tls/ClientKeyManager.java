package com.teesql.jdbc.tls;

import java.net.Socket;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import com.teesql.jdbc.dstack.TlsKey;

/**
 * Always offers the guest agent's certificate as the client certificate. Unlike the JDK key managers it ignores the
 * server's certificate_authorities hint: the sidecar decides trust from the embedded attestation, so the
 * certificate must be sent even if its issuer is not in that list.
 */
final class ClientKeyManager extends X509ExtendedKeyManager {

	private static final String ALIAS = "teesql-client";

	private final PrivateKey privateKey;

	private final X509Certificate[] chain;

	private final String keyType;

	ClientKeyManager(TlsKey tlsKey) {
		this.privateKey = tlsKey.privateKey();
		this.chain = tlsKey.chain().toArray(new X509Certificate[0]);
		String algorithm = this.privateKey.getAlgorithm();
		this.keyType = "ECDSA".equalsIgnoreCase(algorithm) ? "EC" : algorithm;
	}

	private boolean supports(String[] keyTypes) {
		return keyTypes != null && Arrays.stream(keyTypes).anyMatch(this::supports);
	}

	// The JDK asks for "EC" or "RSA"; BouncyCastle's JSSE asks for "EC/secp256r1" in TLS 1.3, naming the curve the
	// signature scheme requires.
	private boolean supports(String type) {
		int slash = type.indexOf('/');
		if (slash >= 0) {
			return supports(type.substring(0, slash)) && this.privateKey instanceof ECPrivateKey ecKey
					&& isOnCurve(ecKey, type.substring(slash + 1));
		}
		return type.equalsIgnoreCase(this.keyType)
				|| ("RSA".equalsIgnoreCase(this.keyType) && type.equalsIgnoreCase("RSASSA-PSS"));
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

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return supports(new String[] { keyType }) ? new String[] { ALIAS } : null;
	}

	@Override
	public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
		return supports(keyTypes) ? ALIAS : null;
	}

	@Override
	public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
		return supports(keyTypes) ? ALIAS : null;
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return null;
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return null;
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		return ALIAS.equals(alias) ? this.chain.clone() : null;
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		return ALIAS.equals(alias) ? this.privateKey : null;
	}

	@Override
	public String toString() {
		return "ClientKeyManager[leaf=" + this.chain[0].getSubjectX500Principal().getName() + "]";
	}

}
