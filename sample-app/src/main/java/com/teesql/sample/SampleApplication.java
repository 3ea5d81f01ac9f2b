package com.teesql.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A notes service whose only database access goes through an attested TeeSQL DataSource. In production it is
 * configured with {@code TEESQL_URL} (and {@code TEESQL_CLUSTER_SECRET}); for development run
 * {@code TestSampleApplication}, which brings up the embedded dev cluster.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
