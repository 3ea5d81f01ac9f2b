package com.teesql.devcluster.platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
	 * Parses {@code FORMAT:PLATFORM[:STACK[:EVENTS]]}, for example {@code v1:gcp-tdx:dstack:mixed} or {@code v0:tdx}
	 * (stack defaults to {@code dstack}, events to {@code v1}).
	 * @param text the specification
	 * @return the knobs
	 * @throws IllegalArgumentException naming the part that is not valid
	 */
	public static EnvelopeKnobs parse(String text) {
		String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
		if (parts.length < 2 || parts.length > 4) {
			throw new IllegalArgumentException("envelope \"" + text + "\" is not FORMAT:PLATFORM[:STACK[:EVENTS]], "
					+ "for example v1:gcp-tdx:dstack:mixed");
		}
		AttestationFormat format = switch (parts[0]) {
			case "v0" -> AttestationFormat.V0;
			case "v1" -> AttestationFormat.V1;
			default -> throw new IllegalArgumentException(
					"envelope format \"" + parts[0] + "\" is not one of v0, v1");
		};
		AttestationPlatform platform = Arrays.stream(AttestationPlatform.values())
			.filter((p) -> p.kind().equals(parts[1]))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("envelope platform \"" + parts[1] + "\" is not one of "
					+ Arrays.stream(AttestationPlatform.values()).map(AttestationPlatform::kind).toList()));
		StackKind stack = (parts.length < 3) ? StackKind.DSTACK : Arrays.stream(StackKind.values())
			.filter((k) -> k.kind().equals(parts[2]))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"envelope stack \"" + parts[2] + "\" is not one of dstack, dstack-pod"));
		Events events;
		try {
			events = (parts.length < 4) ? Events.V1 : Events.valueOf(parts[3].toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("envelope events \"" + parts[3] + "\" is not one of v1, v2, mixed");
		}
		return new EnvelopeKnobs(format, platform, stack, events);
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
