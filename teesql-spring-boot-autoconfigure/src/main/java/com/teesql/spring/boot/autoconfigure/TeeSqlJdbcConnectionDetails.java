package com.teesql.spring.boot.autoconfigure;

import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.tls.TeeSqlJdbcUrls;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * {@link JdbcConnectionDetails} that route pgjdbc through the registered RA-TLS connector. The cluster secret
 * travels as the password property, never in the JDBC URL (which pools log).
 *
 * @author teesql-spring-boot
 */
class TeeSqlJdbcConnectionDetails implements JdbcConnectionDetails {

	private final String jdbcUrl;

	private final String username;

	private final String password;

	TeeSqlJdbcConnectionDetails(TeeSqlDsn dsn, String connectorName) {
		this.jdbcUrl = TeeSqlJdbcUrls.jdbcUrl(dsn, connectorName);
		this.username = dsn.role();
		this.password = dsn.secret().orElseThrow();
	}

	@Override
	public String getJdbcUrl() {
		return this.jdbcUrl;
	}

	@Override
	public String getUsername() {
		return this.username;
	}

	@Override
	public String getPassword() {
		return this.password;
	}

	@Override
	public String getDriverClassName() {
		return "org.postgresql.Driver";
	}

	@Override
	public String toString() {
		return "TeeSqlJdbcConnectionDetails[jdbcUrl=" + this.jdbcUrl + ", username=" + this.username + "]";
	}

}
