package com.teesql.sample.r2dbc;

import org.springframework.boot.SpringApplication;

/**
 * Runs the reactive sample on the embedded TeeSQL dev cluster
 * ({@code ./mvnw -pl sample-r2dbc-app -am spring-boot:test-run}).
 */
public class TestReactiveSampleApplication {

	public static void main(String[] args) {
		SpringApplication.from(ReactiveSampleApplication::main).withAdditionalProfiles("dev-cluster").run(args);
	}

}
