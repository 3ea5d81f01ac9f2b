package com.teesql.spring.boot.autoconfigure.actuate;

import com.teesql.jdbc.monitor.TeeSqlMonitor;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds the sidecar's attestation document and the local verification of its quote to the {@code info} endpoint,
 * under {@code teesql}.
 *
 * @author teesql-spring-boot
 */
public class TeeSqlInfoContributor implements InfoContributor {

	private final TeeSqlMonitor monitor;

	/**
	 * Create a contributor.
	 * @param monitor the monitor that fetches and verifies the document
	 */
	public TeeSqlInfoContributor(TeeSqlMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("teesql", this.monitor.sidecarAttestation());
	}

}
