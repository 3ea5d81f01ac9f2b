package com.teesql.spring.boot.autoconfigure.diagnostics;

/**
 * How to put teesql-dev-cluster on an application's classpath, for the reports that find it missing.
 *
 * @author teesql-spring-boot
 */
final class DevClusterDependency {

	static final String ADD_IT = """
			Add teesql-dev-cluster for development only, with the same version as teesql-spring-boot-starter, and \
			start the application with its test classpath:
			    Maven:  <dependency>
			              <groupId>com.teesql</groupId>
			              <artifactId>teesql-dev-cluster</artifactId>
			              <scope>test</scope>
			            </dependency>
			            then ./mvnw spring-boot:test-run
			    Gradle: testImplementation("com.teesql:teesql-dev-cluster:<version>")
			            then ./gradlew bootTestRun
			A packaged application jar never contains it: to run the jar, connect it to a cluster with teesql.url \
			instead (and remove teesql.dev-cluster.enabled).""";

	private DevClusterDependency() {
	}

}
