package com.teesql.jdbc.tls;

import java.net.Socket;
import java.security.Principal;

import javax.net.ssl.SSLEngine;

import com.teesql.jdbc.dstack.TlsKey;

/**
 * Always offers the guest agent's certificate as the client certificate. Unlike the JDK key managers it ignores the
 * server's certificate_authorities hint: the sidecar decides trust from the embedded attestation, so the
 * certificate must be sent even if its issuer is not in that list.
 */
final class ClientKeyManager extends SingleKeyManager {

	ClientKeyManager(TlsKey tlsKey) {
		super("teesql-client", tlsKey.privateKey(), tlsKey.chain());
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return aliasesFor(keyType);
	}

	@Override
	public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
		return aliasFor(keyTypes);
	}

	@Override
	public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
		return aliasFor(keyTypes);
	}

}
