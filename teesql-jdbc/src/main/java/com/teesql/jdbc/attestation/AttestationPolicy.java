package com.teesql.jdbc.attestation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.DebugModeException;
import com.teesql.jdbc.errors.MeasurementNotAllowedException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.errors.RuntimeEventsException;
import com.teesql.jdbc.errors.TcbStatusNotAcceptedException;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.ManifestException;
import com.teesql.jdbc.manifest.ManifestInstanceNotAttestedException;

/**
 * What a TD must satisfy beyond a valid, key-bound quote, checked in this order: debug mode (unless allowed), the
 * TD attributes a production TD must have ({@link TdAttributesCheck}), the TCB status, then the allowlists: MRTD,
 * RTMR0–3, and the compose-hash and app-id carried by runtime events that must replay to RTMR3.
 *
 * @param allowDebugMode accept TDs with the debug attribute (never in production)
 * @param allowedMrtds normalised (lowercase, no {@code 0x}) MRTDs; empty accepts any MRTD
 * @param acceptableTcbStatuses Intel TCB statuses accepted from a verifier that checked the quote's signature
 * @param allowedRtmrs for RTMR0..RTMR3 (index 0..3), normalised allowed values; an empty set accepts any value
 * @param allowedComposeHashes normalised allowed compose hashes; empty accepts any
 * @param allowedAppIds normalised allowed dstack app ids; empty accepts any
 * @param leaderInstance the dstack instance id a leader manifest names ({@code leader_instance}), which the server must
 * attest; {@code null} when the target does not come from a manifest
 */
public record AttestationPolicy(boolean allowDebugMode, Set<String> allowedMrtds, Set<String> acceptableTcbStatuses,
		List<Set<String>> allowedRtmrs, Set<String> allowedComposeHashes, Set<String> allowedAppIds,
		String leaderInstance) {

	/** Every TCB status Intel defines, best first; {@code Revoked} can never be accepted. */
	public static final List<String> TCB_STATUSES = List.of("UpToDate", "SWHardeningNeeded", "ConfigurationNeeded",
			"ConfigurationAndSWHardeningNeeded", "OutOfDate", "OutOfDateConfigurationNeeded");

	/** The default acceptable TCB statuses. */
	public static final Set<String> DEFAULT_TCB_STATUSES = Set.of("UpToDate", "SWHardeningNeeded");

	/** Debug mode refused, default TCB statuses, no allowlists. */
	public static final AttestationPolicy DEFAULT = builder().build();

	private static final Pattern HEX = Pattern.compile("[0-9a-f]*");

	public AttestationPolicy {
		allowedMrtds = Set.copyOf(allowedMrtds);
		acceptableTcbStatuses = Set.copyOf(acceptableTcbStatuses);
		if (allowedRtmrs.size() != 4) {
			throw new IllegalArgumentException("allowedRtmrs needs one set per RTMR0..RTMR3");
		}
		allowedRtmrs = allowedRtmrs.stream().map(Set::copyOf).toList();
		allowedComposeHashes = Set.copyOf(allowedComposeHashes);
		allowedAppIds = Set.copyOf(allowedAppIds);
	}

	/**
	 * This policy for the leader a manifest names: the server must also attest the manifest's
	 * {@code leader_instance} (see {@link #checkLeaderInstance(AttestationResult)}).
	 * @param manifest the verified manifest that named the target
	 * @return the policy with the leader instance required
	 */
	public AttestationPolicy forLeader(LeaderManifest manifest) {
		return new AttestationPolicy(this.allowDebugMode, this.allowedMrtds, this.acceptableTcbStatuses,
				this.allowedRtmrs, this.allowedComposeHashes, this.allowedAppIds, manifest.leaderInstance());
	}

	/**
	 * When the target was named by a leader manifest, require the accepted server to be that leader: its attested
	 * instance-id must be the manifest's {@code leader_instance}. Checked for every connection, cached verification or
	 * not. Missing evidence is never a pass: a server accepted without attestation ({@code allow-simulator}) or
	 * attesting no instance id could be any dstack CVM with a genuine quote for its own key.
	 * @param result the accepted server's verification result
	 * @throws ManifestException when the server is not shown to be the manifest's leader
	 */
	public void checkLeaderInstance(AttestationResult result) throws ManifestException {
		if (this.leaderInstance == null) {
			return;
		}
		if (result.simulator()) {
			throw new ManifestInstanceNotAttestedException(this.leaderInstance,
					"certificate without attestation, accepted because teesql.allow-simulator=true");
		}
		if (result.instanceId() == null) {
			throw new ManifestInstanceNotAttestedException(this.leaderInstance,
					"no instance-id runtime event: a legacy 1.3.6.1.4.1.62397.1.1 certificate or a "
							+ "1.3.6.1.4.1.62397.1.8 one without the event");
		}
		LeaderManifest.checkLeaderInstance(this.leaderInstance, result.instanceId());
	}

	/**
	 * Normalise an MRTD allowlist entry: trim, strip {@code 0x}/{@code 0X}, lowercase, and require 96 hex characters.
	 * @param entry the configured entry
	 * @return the normalised MRTD
	 * @throws IllegalArgumentException naming the entry if it is not 48 bytes of hex
	 */
	public static String normaliseMrtd(String entry) {
		return normaliseHex(entry, 48, "teesql.attestation.allowed-mrtd");
	}

	/**
	 * Normalise a hex allowlist entry: trim, strip {@code 0x}/{@code 0X}, lowercase, and require the given length.
	 * @param entry the configured entry
	 * @param bytes the expected length in bytes
	 * @param property the property the entry comes from, for the error message
	 * @return the normalised value
	 * @throws IllegalArgumentException naming the property and the entry if it is not valid
	 */
	public static String normaliseHex(String entry, int bytes, String property) {
		if (entry == null) {
			throw new IllegalArgumentException(property + " contains a null entry");
		}
		String value = entry.trim();
		if (value.startsWith("0x") || value.startsWith("0X")) {
			value = value.substring(2);
		}
		value = value.toLowerCase(Locale.ROOT);
		if (value.length() != bytes * 2 || !HEX.matcher(value).matches()) {
			throw new IllegalArgumentException(property + " entry \"" + entry + "\" is not valid: expected "
					+ (bytes * 2) + " hex characters (" + bytes + " bytes), optionally prefixed with 0x, got "
					+ value.length() + " characters");
		}
		return value;
	}

	/**
	 * Apply the policy to evidence whose quote signature and key binding were already checked.
	 * @param evidence the server's attestation evidence
	 * @param verified the verifier's outcome
	 * @throws AttestationException naming the refused property
	 */
	public void check(RaTlsEvidence evidence, VerifiedQuote verified) throws AttestationException {
		TdxQuote quote = evidence.quote();
		checkQuote(quote, verified);
		if (!this.allowedMrtds.isEmpty() && !this.allowedMrtds.contains(quote.mrTdHex())) {
			throw new MrtdNotAllowedException(quote.mrTdHex());
		}
		for (int i = 0; i < 4; i++) {
			Set<String> allowed = this.allowedRtmrs.get(i);
			if (!allowed.isEmpty() && !allowed.contains(quote.rtmrHex(i))) {
				throw new MeasurementNotAllowedException("RTMR" + i, quote.rtmrHex(i),
						"teesql.attestation.allowed-rtmr" + i);
			}
		}
		checkRuntimeEvents(evidence);
	}

	/**
	 * Apply the part of the policy that judges the platform and the TD from the quote alone, in this order: debug
	 * mode (unless allowed), the TD attributes a production TD must have ({@link TdAttributesCheck}: reserved bits,
	 * SEPT_VE_DISABLE, MRSIGNERSEAM, MRSERVICETD), then the TCB status. Whoever reports a quote as verified must
	 * have run this after the verifier; {@link #check} runs it first.
	 * @param quote the quote, whose signature the verifier checked
	 * @param verified the verifier's outcome
	 * @throws AttestationException naming the refused property
	 */
	public void checkQuote(TdxQuote quote, VerifiedQuote verified) throws AttestationException {
		if (quote.isDebug() && !this.allowDebugMode) {
			throw new DebugModeException();
		}
		TdAttributesCheck.check(quote);
		// Without signature verification there is no TCB status to judge; the connector warned about that.
		if (!SignatureVerificationSkipped.NAME.equals(verified.verifierName())
				&& !this.acceptableTcbStatuses.contains(verified.tcbStatus())) {
			throw new TcbStatusNotAcceptedException(verified.tcbStatus(), orderedStatuses(), verified.advisoryIds());
		}
	}

	private void checkRuntimeEvents(RaTlsEvidence evidence) throws AttestationException {
		Optional<VersionedAttestation> attestation = evidence.attestation();
		if (attestation.isPresent()) {
			byte[] replayed = Rtmr3Replay.replay(attestation.get().runtimeEvents());
			if (!Arrays.equals(replayed, evidence.quote().rtmr(3))) {
				throw new RuntimeEventsException("runtime events do not replay to the quote's RTMR3 (replayed "
						+ Hex.abbreviate(Hex.encode(replayed)) + ", quote " + Hex.abbreviate(evidence.quote().rtmrHex(3))
						+ "): app-id, compose-hash and instance-id are not attested — connection refused");
			}
		}
		checkEventAllowlist(attestation.flatMap(VersionedAttestation::composeHash), this.allowedComposeHashes,
				"compose-hash", "teesql.attestation.allowed-compose-hash");
		checkEventAllowlist(attestation.flatMap(VersionedAttestation::appId), this.allowedAppIds, "app-id",
				"teesql.attestation.allowed-app-id");
	}

	private static void checkEventAllowlist(Optional<String> value, Set<String> allowed, String name, String property)
			throws AttestationException {
		if (allowed.isEmpty()) {
			return;
		}
		if (value.isEmpty()) {
			throw new RuntimeEventsException(property + " is set but the server's certificate carries no " + name
					+ " runtime event (legacy 1.3.6.1.4.1.62397.1.1 extension or no event) — connection refused");
		}
		if (!allowed.contains(value.get())) {
			throw new MeasurementNotAllowedException(name, value.get(), property);
		}
	}

	private List<String> orderedStatuses() {
		return TCB_STATUSES.stream().filter(this.acceptableTcbStatuses::contains).toList();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder for {@link AttestationPolicy}; every entry is validated as it is added, naming its property.
	 */
	public static final class Builder {

		private boolean allowDebugMode;

		private final Set<String> allowedMrtds = new LinkedHashSet<>();

		private Set<String> acceptableTcbStatuses = new LinkedHashSet<>(DEFAULT_TCB_STATUSES);

		private final List<Set<String>> allowedRtmrs = new ArrayList<>(
				List.of(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>()));

		private final Set<String> allowedComposeHashes = new LinkedHashSet<>();

		private final Set<String> allowedAppIds = new LinkedHashSet<>();

		private Builder() {
		}

		public Builder allowDebugMode(boolean allowDebugMode) {
			this.allowDebugMode = allowDebugMode;
			return this;
		}

		public Builder allowedMrtd(String mrtd) {
			this.allowedMrtds.add(normaliseMrtd(mrtd));
			return this;
		}

		public Builder allowedMrtds(Collection<String> mrtds) {
			mrtds.forEach(this::allowedMrtd);
			return this;
		}

		/**
		 * Replace the acceptable TCB statuses.
		 * @param statuses Intel status names (case-sensitive as Intel writes them)
		 * @return this builder
		 */
		public Builder acceptableTcbStatuses(Collection<String> statuses) {
			Set<String> accepted = new LinkedHashSet<>();
			for (String status : statuses) {
				String trimmed = (status != null) ? status.trim() : null;
				if (!TCB_STATUSES.contains(trimmed)) {
					throw new IllegalArgumentException("teesql.attestation.acceptable-tcb-statuses entry \"" + status
							+ "\" is not an acceptable Intel TCB status; use any of " + TCB_STATUSES
							+ " (Revoked can never be accepted)");
				}
				accepted.add(trimmed);
			}
			if (accepted.isEmpty()) {
				throw new IllegalArgumentException(
						"teesql.attestation.acceptable-tcb-statuses is empty: no server could ever be accepted");
			}
			this.acceptableTcbStatuses = accepted;
			return this;
		}

		public Builder allowedRtmrs(int index, Collection<String> values) {
			if (index < 0 || index > 3) {
				throw new IllegalArgumentException("RTMR index must be 0..3, got " + index);
			}
			values.forEach((value) -> this.allowedRtmrs.get(index)
				.add(normaliseHex(value, 48, "teesql.attestation.allowed-rtmr" + index)));
			return this;
		}

		public Builder allowedComposeHashes(Collection<String> values) {
			values.forEach((value) -> this.allowedComposeHashes
				.add(normaliseHex(value, 32, "teesql.attestation.allowed-compose-hash")));
			return this;
		}

		public Builder allowedAppIds(Collection<String> values) {
			values.forEach(
					(value) -> this.allowedAppIds.add(normaliseHex(value, 20, "teesql.attestation.allowed-app-id")));
			return this;
		}

		public AttestationPolicy build() {
			return new AttestationPolicy(this.allowDebugMode, this.allowedMrtds, this.acceptableTcbStatuses,
					this.allowedRtmrs, this.allowedComposeHashes, this.allowedAppIds, null);
		}

	}

}
