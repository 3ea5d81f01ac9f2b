package com.teesql.r2dbc;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

import javax.net.ssl.SSLException;

import com.teesql.jdbc.errors.ConnectTimeoutException;
import com.teesql.jdbc.errors.HandshakeTimeoutException;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.errors.TlsNegotiationException;
import com.teesql.jdbc.errors.UpstreamUnreachableException;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;

/**
 * Turns what the driver reports for a failed connection attempt into the R2DBC exception an application expects,
 * with the same typed {@link TeeSqlException} as its cause that the JDBC path reports (so failure analyzers, logs and
 * retry decisions see the same refusal on both paths). Errors of the PostgreSQL protocol itself (authentication,
 * unknown role) are left as the driver reports them, like pgjdbc's on the JDBC path.
 */
final class ConnectFailures {

	/** SQLSTATE connection_exception, for failures before the server said anything. */
	private static final String CONNECTION_EXCEPTION = "08001";

	private ConnectFailures() {
	}

	static Throwable translate(Throwable failure, AttestedHandshake handshake, RaTlsConnector connector) {
		RaTlsConnectorConfig config = connector.config();
		TeeSqlException teeSql = handshake.refusal();
		if (teeSql == null) {
			teeSql = causeOfType(failure, TeeSqlException.class);
		}
		if (teeSql == null) {
			teeSql = transportFailure(failure, config);
			if (teeSql == null) {
				return failure;
			}
			handshake.failedBeforeCertificate(teeSql);
			// Refused, reset, timed out: the target may no longer be the leader. Attestation refusals never get
			// here, so they never trigger a re-resolution (as on the JDBC path).
			connector.reportUnreachable();
		}
		// Named after the server it concerns, as the JDBC connector names its own refusals.
		return toR2dbc(teeSql.withTarget(config.target()));
	}

	static R2dbcException toR2dbc(TeeSqlException failure) {
		if (failure instanceof HandshakeTimeoutException || failure instanceof ConnectTimeoutException) {
			return new R2dbcTimeoutException(failure.getMessage(), CONNECTION_EXCEPTION, failure);
		}
		if (failure instanceof UpstreamUnreachableException) {
			return new R2dbcTransientResourceException(failure.getMessage(), CONNECTION_EXCEPTION, failure);
		}
		if (failure instanceof TlsNegotiationException) {
			return new R2dbcNonTransientResourceException(failure.getMessage(), CONNECTION_EXCEPTION, failure);
		}
		return new R2dbcPermissionDeniedException(failure.getMessage(), CONNECTION_EXCEPTION, failure);
	}

	private static TeeSqlException transportFailure(Throwable failure, RaTlsConnectorConfig config) {
		io.netty.channel.ConnectTimeoutException connectTimeout = causeOfType(failure,
				io.netty.channel.ConnectTimeoutException.class);
		if (connectTimeout != null) {
			return new ConnectTimeoutException(config.connectTimeout().toMillis(), connectTimeout);
		}
		Throwable unreachable = firstOf(failure, ConnectException.class, UnknownHostException.class,
				UnresolvedAddressException.class);
		if (unreachable != null) {
			return new UpstreamUnreachableException("upstream TCP connect to " + config.host() + ":" + config.port()
					+ " failed: " + unreachable.getMessage(), failure);
		}
		SSLException ssl = causeOfType(failure, SSLException.class);
		if (ssl != null) {
			return new TlsNegotiationException("upstream TLS handshake failed: " + ssl.getMessage(), failure);
		}
		return sslRequestFailure(failure);
	}

	// The driver reports a refused or interrupted SSLRequest exchange with its own (non-public) exception type;
	// what it says is all there is to go by. The messages are the JDBC path's for the same situations.
	private static TeeSqlException sslRequestFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = String.valueOf(cause.getMessage());
			if (message.contains("support for SSL connection is disabled")) {
				return new TlsNegotiationException("server refused TLS during SSLRequest handshake (replied 'N'); "
						+ "TeeSQL requires TLS: check host and port, or use direct TLS negotiation", failure);
			}
			if (message.contains("closed during SSL negotiation")) {
				return new TlsNegotiationException("server closed the connection in reply to the SSLRequest",
						failure);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	@SafeVarargs
	private static Throwable firstOf(Throwable failure, Class<? extends Throwable>... types) {
		for (Class<? extends Throwable> type : types) {
			Throwable found = causeOfType(failure, type);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
