package com.teesql.devcluster.sidecar;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import com.teesql.jdbc.tls.JsseKeyTypes;

/**
 * Presents the sidecar's one server key and chain for whatever key type the TLS provider asks for that the key
 * serves (BouncyCastle's JSSE asks for "EC/secp256r1", which the JDK's key managers do not understand). Never a
 * client.
 */
final class SidecarKeyManager extends X509ExtendedKeyManager {

	private static final String ALIAS = "teesql-sidecar";

	private final PrivateKey key;

	private final X509Certificate[] chain;

	SidecarKeyManager(PrivateKey key, List<X509Certificate> chain) {
		this.key = key;
		this.chain = chain.toArray(new X509Certificate[0]);
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return JsseKeyTypes.matches(this.key, keyType) ? ALIAS : null;
	}

	@Override
	public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
		return JsseKeyTypes.matches(this.key, keyType) ? ALIAS : null;
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return JsseKeyTypes.matches(this.key, keyType) ? new String[] { ALIAS } : null;
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return null;
	}

	@Override
	public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
		return null;
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		return ALIAS.equals(alias) ? this.chain.clone() : null;
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		return ALIAS.equals(alias) ? this.key : null;
	}

	@Override
	public String toString() {
		return "SidecarKeyManager[" + this.chain[0].getSubjectX500Principal().getName() + "]";
	}

}
