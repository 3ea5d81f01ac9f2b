package com.teesql.spring.boot.autoconfigure.migration;

import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Refuses the properties that give a migration tool a connection other than the attested DataSource.
 *
 * @author teesql-spring-boot
 */
final class MigrationConnectionGuard {

	private MigrationConnectionGuard() {
	}

	/**
	 * Throws when any of the given properties has a value.
	 * @param environment where the properties are read (names only are reported, never values)
	 * @param tool the migration tool's name for the message
	 * @param prefix the tool's property prefix, for example {@code spring.flyway}
	 */
	static void refuseOwnConnection(Environment environment, String tool, String prefix) {
		// url: a plain connection to wherever it points. user/password alone: Boot opens a second, unpooled
		// connection with other credentials than the ones the attested DataSource takes from teesql.url.
		List<String> set = List.of(prefix + ".url", prefix + ".user", prefix + ".password")
			.stream()
			.filter((property) -> StringUtils.hasText(environment.getProperty(property)))
			.toList();
		if (!set.isEmpty()) {
			throw new MigrationConnectionBypassException(tool, set);
		}
	}

}
