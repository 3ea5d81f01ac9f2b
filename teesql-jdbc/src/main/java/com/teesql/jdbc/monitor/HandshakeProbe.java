package com.teesql.jdbc.monitor;

import java.io.IOException;
import java.net.Socket;

import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.tls.RaTlsConnector;

/**
 * Attests the target now: an RA-TLS handshake and verification through the application's own connector, then the
 * socket is closed before a single PostgreSQL byte (and with it the cluster secret) is sent. No SQL runs.
 *
 * @author teesql-spring-boot
 */
public final class HandshakeProbe {

	private final RaTlsConnector connector;

	/**
	 * Create a probe of the given connector.
	 * @param connector the application's connector to the target
	 */
	public HandshakeProbe(RaTlsConnector connector) {
		this.connector = connector;
	}

	/**
	 * Handshake and verify.
	 * @return the verified attestation
	 * @throws IOException a {@link TeeSqlException} naming why the target was refused or unreachable
	 */
	public AttestationResult attest() throws IOException {
		Socket socket = this.connector.connect();
		socket.close();
		return this.connector.lastResult()
			.orElseThrow(() -> new TeeSqlException("connector reported no result after a verified handshake"));
	}

	/**
	 * Forget cached verifications and attest now.
	 * @return the verified attestation
	 * @throws IOException a {@link TeeSqlException} naming why the target was refused or unreachable
	 */
	AttestationResult reattest() throws IOException {
		this.connector.verificationCache().clear();
		return attest();
	}

}
