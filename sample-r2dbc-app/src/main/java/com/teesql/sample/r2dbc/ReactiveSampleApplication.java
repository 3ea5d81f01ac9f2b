package com.teesql.sample.r2dbc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The notes service on WebFlux and Spring Data R2DBC, whose only database access goes through an attested TeeSQL
 * R2DBC ConnectionFactory. In production it is configured with {@code TEESQL_URL} (and {@code TEESQL_CLUSTER_SECRET});
 * for development run {@code TestReactiveSampleApplication}, which brings up the embedded dev cluster.
 */
@SpringBootApplication
public class ReactiveSampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReactiveSampleApplication.class, args);
	}

}
