package com.teesql.spring.boot.autoconfigure.data.jpa;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;

/**
 * Root of the JPA tests' entities and repositories (the slice scans this package).
 */
@SpringBootConfiguration
@AutoConfigurationPackage
class JpaTestApplication {

}
