package com.teesql.r2dbc;

import java.util.List;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.tls.ConnectorRegistry;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code ConnectionFactories.get} finds the {@code teesql} driver through the service loader, as Spring Boot and
 * r2dbc-pool do; creating a factory performs no I/O.
 */
class TeeSqlConnectionFactoryProviderTests {

	private static final String NAME = "provider-tests";

	private final RaTlsConnector connector = connector();

	@AfterEach
	void close() {
		ConnectorRegistry.unregister(NAME);
		this.connector.close();
	}

	@Test
	void theConnectorItselfIsAnOption() {
		ConnectionFactory factory = ConnectionFactories.get(options(this.connector));
		assertThat(factory).isInstanceOf(AttestedConnectionFactory.class);
		assertThat(((AttestedConnectionFactory) factory).connector()).isSameAs(this.connector);
		assertThat(factory.getMetadata().getName()).isEqualTo("PostgreSQL");
		assertThat(factory.toString()).doesNotContain("f".repeat(64));
	}

	@Test
	void aRegisteredConnectorIsFoundByName() {
		ConnectorRegistry.register(NAME, this.connector);
		AttestedConnectionFactory factory = (AttestedConnectionFactory) ConnectionFactories.get(options(NAME));
		assertThat(factory.connector()).isSameAs(this.connector);
	}

	@Test
	void anUnknownConnectorNameIsRefusedWithItsName() {
		assertThatIllegalStateException().isThrownBy(() -> ConnectionFactories.get(options("no-such-connector")))
			.withMessageContaining("'no-such-connector'")
			.withMessageContaining("is not registered");
	}

	@Test
	void otherDriversAreNotClaimed() {
		assertThat(new TeeSqlConnectionFactoryProvider()
			.supports(ConnectionFactoryOptions.parse("r2dbc:postgresql://localhost:5432/db"))).isFalse();
		assertThat(new TeeSqlConnectionFactoryProvider().supports(options(NAME))).isTrue();
	}

	private static ConnectionFactoryOptions options(Object connector) {
		return ConnectionFactoryOptions.builder()
			.option(ConnectionFactoryOptions.DRIVER, TeeSqlConnectionFactoryProvider.DRIVER)
			.option(TeeSqlConnectionFactoryProvider.CONNECTOR, connector)
			.option(ConnectionFactoryOptions.USER, "teesql_readwrite")
			.option(ConnectionFactoryOptions.PASSWORD, "f".repeat(64))
			.option(ConnectionFactoryOptions.DATABASE, "app")
			.build();
	}

	private static RaTlsConnector connector() {
		try {
			return RaTlsConnector.builder(RaTlsConnectorConfig.builder("127.0.0.1", 5433)
				.verifier(VerifierKind.NONE)
				.policy(AttestationPolicy.builder().allowedAppIds(List.of("ab".repeat(20))).build())
				.build()).build();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
