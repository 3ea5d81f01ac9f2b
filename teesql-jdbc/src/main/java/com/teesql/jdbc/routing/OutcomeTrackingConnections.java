package com.teesql.jdbc.routing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Wraps connections so that losing the connection during {@code commit()} surfaces as
 * {@link TransactionOutcomeUnknownException} instead of a generic I/O error: after a leader dies mid-commit the
 * application must not assume either outcome.
 */
public final class OutcomeTrackingConnections {

	private OutcomeTrackingConnections() {
	}

	/**
	 * Wrap a connection.
	 * @param connection the pooled connection
	 * @param leader a description of the leader it belongs to, for the message
	 * @return the wrapping connection
	 */
	public static Connection wrap(Connection connection, String leader) {
		return (Connection) Proxy.newProxyInstance(OutcomeTrackingConnections.class.getClassLoader(),
				new Class<?>[] { Connection.class }, new Handler(connection, leader));
	}

	static boolean isConnectionLoss(SQLException ex) {
		String state = ex.getSQLState();
		return state != null && state.startsWith("08");
	}

	private record Handler(Connection target, String leader) implements InvocationHandler {

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			switch (method.getName()) {
				case "unwrap":
					if (((Class<?>) args[0]).isInstance(proxy)) {
						return proxy;
					}
					break;
				case "isWrapperFor":
					if (((Class<?>) args[0]).isInstance(proxy)) {
						return true;
					}
					break;
				case "toString":
					return "OutcomeTracking[" + this.target + "]";
				default:
					break;
			}
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				Throwable cause = ex.getCause();
				if ("commit".equals(method.getName()) && cause instanceof SQLException sql && isConnectionLoss(sql)) {
					throw new TransactionOutcomeUnknownException(this.leader, sql);
				}
				throw cause;
			}
		}

	}

}
