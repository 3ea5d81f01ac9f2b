package com.teesql.sample;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample on the embedded TeeSQL dev cluster ({@code ./mvnw -pl sample-app -am spring-boot:test-run}).
 */
public class TestSampleApplication {

	public static void main(String[] args) {
		SpringApplication.from(SampleApplication::main).withAdditionalProfiles("dev-cluster").run(args);
	}

}
