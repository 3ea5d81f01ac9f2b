package com.teesql.spring.boot.autoconfigure;

import java.net.URI;
import java.util.List;

import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Details required to open attested connections to a TeeSQL cluster. Defined from {@code teesql.*} properties
 * unless another source, such as the embedded dev cluster, contributes a bean of this type.
 *
 * @author teesql-spring-boot
 */
public interface TeeSqlConnectionDetails extends ConnectionDetails {

	/**
	 * Target host and port, database, role and cluster secret.
	 * @return the DSN, always with a cluster secret
	 */
	TeeSqlDsn getDsn();

	/**
	 * Endpoint of the dstack guest agent that issues the client certificate.
	 * @return the endpoint, or {@code null} to use {@code teesql.dstack.endpoint} or the standard locations
	 */
	default @Nullable String getDstackEndpoint() {
		return null;
	}

	/**
	 * Quote-signature verifier imposed by the source of these details, for example one that trusts a test
	 * platform's root.
	 * @return the verifier, or {@code null} to build one from {@code teesql.attestation.*}
	 */
	default @Nullable QuoteVerifier getQuoteVerifier() {
		return null;
	}

	/**
	 * dstack app ids the source of these details knows the cluster attests, for example the embedded dev cluster's
	 * own: they pin its identity (see {@code teesql.attestation.require-identity}) when
	 * {@code teesql.attestation.allowed-app-id} is empty, and are ignored when it is set.
	 * @return the app ids (40 hex characters each), empty when the source knows none
	 */
	default List<String> getAllowedAppIds() {
		return List.of();
	}

	/**
	 * Base URL of the sidecar's HTTP API ({@code /health}, {@code /attestation}) known to the source of these
	 * details, for example the embedded dev cluster's ephemeral port.
	 * @return the URL, or {@code null} to derive it from the target host (port 8080); {@code teesql.sidecar.http-url}
	 * overrides either
	 */
	default @Nullable URI getSidecarHttpUrl() {
		return null;
	}

}
