package com.teesql.spring.boot.autoconfigure.r2dbc;

import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * The transaction manager of a leader-following R2DBC application. Spring records a transaction's read-only flag only
 * after the transaction's connection was obtained, too late for {@link TeeSqlRoutingConnectionFactory} to pick the
 * read-only ({@code teesql_read}) pool; this manager records it first. (The JDBC path defers the connection instead,
 * through a lazy DataSource proxy; R2DBC has no such proxy.)
 *
 * @author teesql-spring-boot
 */
public class TeeSqlR2dbcTransactionManager extends R2dbcTransactionManager {

	private static final long serialVersionUID = 1L;

	public TeeSqlR2dbcTransactionManager(ConnectionFactory connectionFactory) {
		super(connectionFactory);
	}

	@Override
	protected Mono<Void> doBegin(TransactionSynchronizationManager synchronizationManager, Object transaction,
			TransactionDefinition definition) {
		synchronizationManager.setCurrentTransactionReadOnly(definition.isReadOnly());
		return super.doBegin(synchronizationManager, transaction, definition);
	}

}
