package com.teesql.jdbc.monitor;

import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.sidecar.SidecarHttpClient;
import com.teesql.jdbc.tls.RaTlsConnector;

/**
 * One node as the monitor checks it: the application's connector to its RA-TLS listener and a client of the same
 * node's sidecar HTTP API.
 *
 * @param connector the connector (the one the application's connections use)
 * @param sidecar the sidecar HTTP API of the same node
 * @author teesql-spring-boot
 */
public record MonitoredTarget(RaTlsConnector connector, SidecarHttpClient sidecar) {

	/**
	 * The dialled address.
	 * @return {@code host:port}
	 */
	public String address() {
		return this.connector.config().host() + ":" + this.connector.config().port();
	}

	/**
	 * The verifier that checks quotes for this connector, used for the {@code /attestation} document too.
	 * @return the verifier
	 */
	public QuoteVerifier quoteVerifier() {
		return this.connector.quoteVerifier();
	}

}
