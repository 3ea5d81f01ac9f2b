package com.teesql.spring.boot.autoconfigure.devcluster;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.PropertyMapping;

/**
 * Runs a test's application context against the embedded TeeSQL dev cluster: one line on a {@code @SpringBootTest}
 * (or a JDBC test slice) class, as Testcontainers' {@code @ServiceConnection} is for a container. It sets
 * {@code teesql.dev-cluster.enabled=true} and the {@code teesql.dev-cluster.*} values below for that test context;
 * teesql-dev-cluster must be on the test classpath.
 * <p>
 * A test slice ({@code @JdbcTest}, {@code @DataJdbcTest}, {@code @DataJpaTest}) replaces the DataSource with an
 * embedded database unless told not to, as for any real database: add
 * {@code @AutoConfigureTestDatabase(replace = Replace.NONE)} there.
 *
 * @author teesql-spring-boot
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@PropertyMapping("teesql.dev-cluster")
public @interface AutoConfigureTeeSqlDevCluster {

	/**
	 * Whether to start the dev cluster and connect to it.
	 * @return whether the dev cluster is used
	 */
	boolean enabled() default true;

	/**
	 * Number of nodes: above one, a replicated cluster published through a signed DNS manifest, with the DataSource
	 * in leader mode (fail over with the {@code DevManifestCluster} bean).
	 * @return the number of nodes
	 */
	int nodes() default 1;

	/**
	 * Role the DataSource logs in as.
	 * @return {@code teesql_readwrite} or {@code teesql_read}
	 */
	String role() default "teesql_readwrite";

}
