package com.teesql.spring.boot.autoconfigure;

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

}
