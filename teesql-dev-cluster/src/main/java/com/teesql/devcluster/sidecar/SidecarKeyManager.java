package com.teesql.devcluster.sidecar;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLEngine;

import com.teesql.jdbc.tls.SingleKeyManager;

/**
 * Presents the sidecar's one server key and chain for whatever key type the TLS provider asks for that the key
 * serves (BouncyCastle's JSSE asks for "EC/secp256r1", which the JDK's key managers do not understand). Never a
 * client.
 */
final class SidecarKeyManager extends SingleKeyManager {

	SidecarKeyManager(PrivateKey key, List<X509Certificate> chain) {
		super("teesql-sidecar", key, chain);
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return aliasFor(keyType);
	}

	@Override
	public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
		return aliasFor(keyType);
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return aliasesFor(keyType);
	}

}
