package com.teesql.jdbc.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager with exactly one key and chain, offered for every key type the key serves ({@link JsseKeyTypes}),
 * on the side of the handshake a subclass answers for; the other side gets nothing. Never prints the key.
 */
public abstract class SingleKeyManager extends X509ExtendedKeyManager {

	private final String alias;

	private final PrivateKey key;

	private final X509Certificate[] chain;

	/**
	 * Whether the key serves a key type, by key type: asked on every handshake, and deciding a named curve looks
	 * the curve's parameters up, so each answer is worked out once.
	 */
	private final Map<String, Boolean> serves = new ConcurrentHashMap<>();

	/**
	 * @param alias the one alias
	 * @param key the private key
	 * @param chain its certificate chain, leaf first
	 */
	protected SingleKeyManager(String alias, PrivateKey key, List<X509Certificate> chain) {
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("certificate chain must not be empty");
		}
		this.alias = alias;
		this.key = key;
		this.chain = chain.toArray(new X509Certificate[0]);
	}

	/**
	 * The alias if the key serves one of the key types, else {@code null}.
	 * @param keyTypes the key types a TLS provider asks for
	 * @return the alias or {@code null}
	 */
	protected final String aliasFor(String... keyTypes) {
		if (keyTypes != null) {
			for (String keyType : keyTypes) {
				if (keyType != null
						&& this.serves.computeIfAbsent(keyType, (type) -> JsseKeyTypes.matches(this.key, type))) {
					return this.alias;
				}
			}
		}
		return null;
	}

	/**
	 * The alias as the only element, if the key serves the key type, else {@code null}.
	 * @param keyType the key type a TLS provider asks for
	 * @return the aliases or {@code null}
	 */
	protected final String[] aliasesFor(String keyType) {
		return (aliasFor(keyType) != null) ? new String[] { this.alias } : null;
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
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return null;
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return null;
	}

	@Override
	public final X509Certificate[] getCertificateChain(String alias) {
		return this.alias.equals(alias) ? this.chain.clone() : null;
	}

	@Override
	public final PrivateKey getPrivateKey(String alias) {
		return this.alias.equals(alias) ? this.key : null;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[leaf=" + this.chain[0].getSubjectX500Principal().getName() + "]";
	}

}
