package com.teesql.spring.boot.autoconfigure.observation;

import java.util.Map;
import java.util.function.Supplier;

import com.teesql.jdbc.observation.ManifestRefreshObserver;
import com.teesql.jdbc.observation.OperationTiming;
import com.teesql.jdbc.observation.RaTlsConnectionObserver;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Micrometer {@link Observation}s (spans with a tracing bridge, timers with a meter handler) of the RA-TLS
 * handshake, the peer verification and the leader manifest refresh, fed by the connector's and the manifest
 * watcher's start/end callbacks. Observation names differ from the starter's own meters ({@code teesql.handshake},
 * {@code teesql.verification}) so that a meter handler's timers never clash with them.
 *
 * @author teesql-spring-boot
 */
public class TeeSqlObservations implements RaTlsConnectionObserver, ManifestRefreshObserver {

	/** Observation of a TLS handshake with a sidecar. */
	public static final String HANDSHAKE = "teesql.ratls.handshake";

	/** Observation of a peer verification (quote, policy, identity), answered from the cache or not. */
	public static final String VERIFICATION = "teesql.ratls.verification";

	/** Observation of a leader manifest refresh (DNS lookup and signature verification). */
	public static final String MANIFEST_REFRESH = "teesql.manifest.refresh";

	private final Supplier<ObservationRegistry> registry;

	public TeeSqlObservations(Supplier<ObservationRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public OperationTiming handshakeStarted(String host, int port) {
		Observation observation = Observation.createNotStarted(HANDSHAKE, this.registry.get())
			.contextualName("teesql ra-tls handshake")
			.highCardinalityKeyValue("server.address", host)
			.highCardinalityKeyValue("server.port", Integer.toString(port))
			.start();
		return ending(observation);
	}

	@Override
	public OperationTiming verificationStarted(String verifierName) {
		Observation observation = Observation.createNotStarted(VERIFICATION, this.registry.get())
			.contextualName("teesql ra-tls verification")
			.lowCardinalityKeyValue("verifier", verifierName)
			.start();
		return ending(observation);
	}

	@Override
	public OperationTiming refreshStarted(String recordName) {
		Observation observation = Observation.createNotStarted(MANIFEST_REFRESH, this.registry.get())
			.contextualName("teesql manifest refresh")
			.lowCardinalityKeyValue("record", recordName)
			.start();
		return ending(observation);
	}

	// outcome/exception as Boot's meters tag them: success (accepted) or failure plus the exception's simple name.
	private static OperationTiming ending(Observation observation) {
		return (outcome, details) -> {
			boolean success = SUCCESS.equals(outcome) || ACCEPTED.equals(outcome);
			observation.lowCardinalityKeyValue("outcome", success ? "success" : "failure");
			observation.lowCardinalityKeyValue("exception", success ? "none" : outcome);
			for (Map.Entry<String, String> detail : details.entrySet()) {
				observation.lowCardinalityKeyValue(KeyValue.of(detail.getKey(), detail.getValue()));
			}
			observation.stop();
		};
	}

}
