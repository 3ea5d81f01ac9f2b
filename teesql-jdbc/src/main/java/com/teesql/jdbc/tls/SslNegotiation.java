package com.teesql.jdbc.tls;

/**
 * How TLS is started on the TCP connection.
 */
public enum SslNegotiation {

	/**
	 * The TLS ClientHello is the first byte on the wire. Required behind the dstack gateway, which routes on SNI.
	 */
	DIRECT,

	/**
	 * Postgres-style: send an SSLRequest, expect {@code S}, then start TLS. Only for direct connections to a sidecar.
	 */
	POSTGRES

}
