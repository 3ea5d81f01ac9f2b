package com.teesql.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.monitor.HandshakeProbe;
import com.teesql.jdbc.tls.RaTlsConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Attests the cluster once while the application starts ({@code teesql.verify-on-startup=true}): one RA-TLS
 * handshake and full verification through the application's own connector, without a PostgreSQL byte, SQL or the
 * cluster secret being sent. A refusal stops the startup with the typed {@code TeeSqlException} as the cause, so
 * the dedicated failure analyzer prints its guidance instead of the first request failing later.
 *
 * @author teesql-spring-boot
 */
final class TeeSqlStartupVerification implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(TeeSqlStartupVerification.class);

	private final Supplier<RaTlsConnector> connector;

	/**
	 * Create the verification.
	 * @param connector supplies the connector to attest (in manifest mode, the current leader's), resolved only
	 * when the verification runs
	 */
	TeeSqlStartupVerification(Supplier<RaTlsConnector> connector) {
		this.connector = connector;
	}

	@Override
	public void afterSingletonsInstantiated() {
		RaTlsConnector connector = this.connector.get();
		try {
			AttestationResult result = new HandshakeProbe(connector).attest();
			logger.info("TeeSQL cluster attested on startup (teesql.verify-on-startup=true): {}, MRTD {}", connector,
					result.mrtd());
		}
		catch (IOException ex) {
			// The typed TeeSqlException stays the cause, for the failure analyzers to find.
			throw new UncheckedIOException("teesql.verify-on-startup: the TeeSQL cluster was refused or unreachable: "
					+ ex.getMessage(), ex);
		}
	}

}
