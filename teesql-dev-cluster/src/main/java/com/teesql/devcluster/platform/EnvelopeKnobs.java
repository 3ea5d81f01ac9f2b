package com.teesql.devcluster.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.teesql.jdbc.attestation.AttestationFormat;
import com.teesql.jdbc.attestation.AttestationPlatform;
import com.teesql.jdbc.attestation.EventLogVersion;
import com.teesql.jdbc.attestation.StackKind;

/**
 * Which dstack attestation envelope the dev platform writes into {@code 1.3.6.1.4.1.62397.1.8}: wire format,
 * platform, stack and runtime-event log version. The default is what dstack emits by default: a V0 (SCALE)
 * envelope for TDX with V1 events (dstack switches to V1 msgpack only when an app compose asks for
 * {@code event_log_version: 2}; the SCALE form cannot carry event versions or a pod payload).
 *
 * @param format V0 (SCALE) or V1 (msgpack)
 * @param platform the platform evidence to write (non-TDX platforms get well-formed dummy evidence, for refusals)
 * @param stack {@code dstack}, or {@code dstack-pod} whose report data is SHA-512("app-data:" ‖ payload) as a real
 * pod's is
 * @param events the runtime-event log versions
 */
public record EnvelopeKnobs(AttestationFormat format, AttestationPlatform platform, StackKind stack, Events events) {

	/** The payload a {@code dstack-pod} envelope carries. */
	public static final String POD_PAYLOAD = "{\"pod_uid\":\"teesql-dev\",\"workload_id\":\"teesql/sidecar\"}";

	private static final EnvelopeKnobs DSTACK_DEFAULT = new EnvelopeKnobs(AttestationFormat.V0,
			AttestationPlatform.TDX, StackKind.DSTACK, Events.V1);

	public EnvelopeKnobs {
		Objects.requireNonNull(format, "format");
		Objects.requireNonNull(platform, "platform");
		Objects.requireNonNull(stack, "stack");
		Objects.requireNonNull(events, "events");
		if (format == AttestationFormat.V0 && (stack != StackKind.DSTACK || events != Events.V1)) {
			throw new IllegalArgumentException("a V0 (SCALE) envelope carries only the dstack stack with V1 events, "
					+ "got " + stack.kind() + " with " + events + " events");
		}
	}

	/**
	 * What dstack emits by default.
	 * @return V0, tdx, dstack, V1 events
	 */
	public static EnvelopeKnobs dstackDefault() {
		return DSTACK_DEFAULT;
	}

	/**
	 * A V1 (msgpack) envelope.
	 * @param platform the platform
	 * @param stack the stack
	 * @param events the event versions
	 * @return the knobs
	 */
	public static EnvelopeKnobs v1(AttestationPlatform platform, StackKind stack, Events events) {
		return new EnvelopeKnobs(AttestationFormat.V1, platform, stack, events);
	}

	/**
	 * A V0 (SCALE) envelope of a platform.
	 * @param platform the platform
	 * @return the knobs
	 */
	public static EnvelopeKnobs v0(AttestationPlatform platform) {
		return new EnvelopeKnobs(AttestationFormat.V0, platform, StackKind.DSTACK, Events.V1);
	}

	/**
	 * The TD's events with the versions these knobs ask for.
	 * @param events the TD's events
	 * @return the versioned events
	 */
	public List<RuntimeEvent> versioned(List<RuntimeEvent> events) {
		List<RuntimeEvent> result = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			result.add(events.get(i).withVersion(this.events.versionOf(i)));
		}
		return List.copyOf(result);
	}

	/**
	 * Runtime-event log versions of an envelope.
	 */
	public enum Events {

		/** Every event V1 (dstack's default). */
		V1,

		/** Every event V2 ({@code event_log_version: 2} in the app compose). */
		V2,

		/** V2 and V1 alternating, starting with V2 (a log that changed version mid-boot). */
		MIXED;

		EventLogVersion versionOf(int index) {
			return switch (this) {
				case V1 -> EventLogVersion.V1;
				case V2 -> EventLogVersion.V2;
				case MIXED -> (index % 2 == 0) ? EventLogVersion.V2 : EventLogVersion.V1;
			};
		}

	}

}
