package com.teesql.spring.boot.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

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
		Map<String, Object> details = new LinkedHashMap<>(this.monitor.sidecarAttestation());
		// The envelope of the last verified connection (dstack format V0/V1 and platform), beside the sidecar's document.
		if (this.monitor.status().get("lastAttestation") instanceof Map<?, ?> last && last.get("platform") != null) {
			details.put("connectionAttestation",
					Map.of("attestationFormat", last.get("attestationFormat"), "platform", last.get("platform")));
		}
		builder.withDetail("teesql", details);
	}

}
