package com.teesql.spring.boot.autoconfigure;

import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.InvalidDsnException;

import org.springframework.util.StringUtils;

/**
 * {@link TeeSqlConnectionDetails} read from {@code teesql.url} and {@code teesql.cluster-secret}.
 *
 * @author teesql-spring-boot
 */
class PropertiesTeeSqlConnectionDetails implements TeeSqlConnectionDetails {

	private final TeeSqlDsn dsn;

	PropertiesTeeSqlConnectionDetails(TeeSqlProperties properties) throws InvalidDsnException {
		this.dsn = dsnOf(properties);
	}

	private static TeeSqlDsn dsnOf(TeeSqlProperties properties) throws InvalidDsnException {
		TeeSqlDsn dsn = TeeSqlDsn.parse(properties.getUrl());
		if (StringUtils.hasText(properties.getClusterSecret())) {
			return dsn.withSecret(properties.getClusterSecret().trim());
		}
		if (dsn.secret().isEmpty()) {
			throw new InvalidDsnException("No cluster secret for role '" + dsn.role()
					+ "': set teesql.cluster-secret or give it as the password in teesql.url");
		}
		return dsn;
	}

	@Override
	public TeeSqlDsn getDsn() {
		return this.dsn;
	}

}
