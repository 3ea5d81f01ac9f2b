package com.teesql.spring.boot.autoconfigure.data.jdbc;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;

/**
 * Root of the Spring Data JDBC tests' entities and repositories (the slice scans this package).
 */
@SpringBootConfiguration
@AutoConfigurationPackage
class JdbcTestApplication {

}
