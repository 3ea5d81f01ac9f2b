package com.teesql.jdbc.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

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

	ClientKeyManager(TlsKey tlsKey) {
		this.privateKey = tlsKey.privateKey();
		this.chain = tlsKey.chain().toArray(new X509Certificate[0]);
	}

	private boolean supports(String[] keyTypes) {
		return JsseKeyTypes.matchesAny(this.privateKey, keyTypes);
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
