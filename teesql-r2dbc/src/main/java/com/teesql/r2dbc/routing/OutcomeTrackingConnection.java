package com.teesql.r2dbc.routing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Wraps a connection to a leader so that a commit whose connection is lost fails with
 * {@link R2dbcTransactionOutcomeUnknownException} instead of an ordinary connection error, which an application
 * could take for "not committed". Everything else is delegated unchanged.
 */
public final class OutcomeTrackingConnection {

	private OutcomeTrackingConnection() {
	}

	/**
	 * Wrap a connection.
	 * @param connection the (pooled) connection
	 * @param leader a description of the leader it belongs to, for the message
	 * @return the wrapping connection
	 */
	public static Connection wrap(Connection connection, String leader) {
		return (Connection) Proxy.newProxyInstance(OutcomeTrackingConnection.class.getClassLoader(),
				new Class<?>[] { Connection.class, Wrapped.class }, new Handler(connection, leader));
	}

	static boolean isConnectionLoss(Throwable failure) {
		if (failure instanceof R2dbcNonTransientResourceException || failure instanceof R2dbcTransientResourceException) {
			return true;
		}
		return failure instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null
				&& r2dbc.getSqlState().startsWith("08");
	}

	private record Handler(Connection target, String leader) implements InvocationHandler {

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			switch (method.getName()) {
				case "unwrap":
					if (method.getParameterCount() == 0) {
						return this.target;
					}
					break;
				case "toString":
					return "OutcomeTracking[" + this.target + "]";
				case "commitTransaction":
					Publisher<?> commit = (Publisher<?>) invokeTarget(method, args);
					return Mono.from(commit).onErrorMap(OutcomeTrackingConnection::isConnectionLoss,
							(failure) -> new R2dbcTransactionOutcomeUnknownException(this.leader, failure));
				default:
					break;
			}
			return invokeTarget(method, args);
		}

		private Object invokeTarget(Method method, Object[] args) throws Throwable {
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
