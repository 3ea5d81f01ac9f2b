package com.teesql.jdbc.manifest;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Verifies signed leader manifests (protocol §6): parse, rebuild the canonical body, recover the EIP-191 signer and
 * compare it with the configured one, then check the version, the cluster (when one is configured), freshness and
 * that the epoch never goes backwards. The signature is checked before freshness, so a forged manifest is reported
 * as forged rather than as expired.
 * <p>
 * <b>Clock skew.</b> A manifest is expired once {@code now >= valid_until + clockSkew} ({@code now} from this
 * verifier's clock, in whole seconds). The default allowance of {@value #DEFAULT_CLOCK_SKEW_SECONDS} s absorbs clock
 * differences between the controller that signs and this host. Precisely, it admits a manifest up to
 * {@code clockSkew} past its {@code valid_until}, a superseded one included as long as the {@link ManifestEpochGuard}
 * has not accepted a higher epoch for its cluster (from then on the epoch refuses it, whatever its validity), and
 * nothing else: signature, version, cluster and epoch are checked regardless. Manifests carry no issue time, so a
 * host clock behind the signer's widens the window by its lag and one ahead narrows it. {@code
 * clockSkew(Duration.ZERO)} gives the official clients' exact rule ({@code valid_until <= now} is expired).
 * <p>
 * Instances are immutable apart from the shared {@link ManifestEpochGuard} and are thread-safe.
 */
public final class ManifestVerifier {

	/** Default tolerance, in seconds, for clock differences when checking {@code valid_until}. */
	public static final long DEFAULT_CLOCK_SKEW_SECONDS = 30;

	/** Default tolerance for clock differences when checking {@code valid_until}. */
	public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(DEFAULT_CLOCK_SKEW_SECONDS);

	private final String expectedSigner;

	private final String expectedCluster;

	private final Duration clockSkew;

	private final Clock clock;

	private final ManifestEpochGuard epochGuard;

	private ManifestVerifier(Builder builder) {
		this.expectedSigner = builder.expectedSigner;
		this.expectedCluster = builder.expectedCluster;
		this.clockSkew = builder.clockSkew;
		this.clock = builder.clock;
		this.epochGuard = builder.epochGuard;
	}

	/**
	 * Start building a verifier.
	 * @param expectedSigner the manifest signer's address, {@code 0x} + 40 hex (checksum case irrelevant)
	 * @return the builder
	 * @throws IllegalArgumentException naming the value when it is not an address
	 */
	public static Builder builder(String expectedSigner) {
		return new Builder(SignerAddress.normalize("manifest signer", expectedSigner));
	}

	/**
	 * Parse and verify a TXT string.
	 * @param txt the joined TXT character-strings
	 * @return the verified manifest
	 * @throws ManifestException the first check that failed
	 */
	public LeaderManifest verify(String txt) throws ManifestException {
		return verify(ManifestParser.parse(txt));
	}

	/**
	 * Verify parsed manifest fields.
	 * @param parsed the fields from {@link ManifestParser#parse(String)}
	 * @return the verified manifest
	 * @throws ManifestException the first check that failed
	 */
	public LeaderManifest verify(ParsedManifest parsed) throws ManifestException {
		String recovered = Eip191Signature.recoverSigner(parsed.canonicalBody(), parsed.signatureBytes());
		if (!recovered.equals(this.expectedSigner)) {
			throw new ManifestSignatureException(recovered, this.expectedSigner);
		}
		if (this.expectedCluster != null && !this.expectedCluster.equals(parsed.cluster())) {
			throw new ManifestClusterMismatchException(
					"manifest is for cluster " + parsed.cluster() + ", expected " + this.expectedCluster);
		}
		LeaderManifest manifest = new LeaderManifest(parsed.cluster(), parsed.epoch(), parsed.leaderInstance(),
				parsed.leaderUrl(), parsed.version(), parsed.validUntil(), parsed.signature(), recovered);
		checkNotExpired(manifest);
		manifest.target();
		this.epochGuard.admit(manifest.cluster(), manifest.epoch());
		return manifest;
	}

	/**
	 * Check a manifest's freshness against this verifier's clock and skew allowance.
	 * @param manifest the manifest
	 * @throws ManifestExpiredException when it has expired
	 */
	public void checkNotExpired(LeaderManifest manifest) throws ManifestExpiredException {
		long now = now();
		if (isExpired(manifest, now)) {
			throw new ManifestExpiredException("manifest expired: valid_until=" + manifest.validUntil() + " now=" + now
					+ (this.clockSkew.isZero() ? "" : " (clock skew allowance " + this.clockSkew.toSeconds() + " s)"));
		}
	}

	/**
	 * Whether a manifest has expired.
	 * @param manifest the manifest
	 * @return {@code true} once {@code now >= valid_until + clockSkew}
	 */
	public boolean isExpired(LeaderManifest manifest) {
		return isExpired(manifest, now());
	}

	private boolean isExpired(LeaderManifest manifest, long now) {
		return now >= manifest.validUntil() + this.clockSkew.toSeconds();
	}

	/**
	 * The current time in unix seconds, from the configured clock.
	 * @return the time
	 */
	public long now() {
		return this.clock.instant().getEpochSecond();
	}

	/**
	 * The configured signer.
	 * @return {@code 0x} + 40 lowercase hex
	 */
	public String expectedSigner() {
		return this.expectedSigner;
	}

	/**
	 * The configured cluster, if any.
	 * @return {@code 0x} + 40 lowercase hex, or {@code null} when any cluster is accepted
	 */
	public String expectedCluster() {
		return this.expectedCluster;
	}

	/**
	 * The epoch high-water mark this verifier raises.
	 * @return the guard
	 */
	public ManifestEpochGuard epochGuard() {
		return this.epochGuard;
	}

	@Override
	public String toString() {
		return "ManifestVerifier[signer=" + this.expectedSigner + ", cluster="
				+ ((this.expectedCluster != null) ? this.expectedCluster : "any") + ", clockSkew=" + this.clockSkew + "]";
	}

	/**
	 * Builder for {@link ManifestVerifier}.
	 */
	public static final class Builder {

		private final String expectedSigner;

		private String expectedCluster;

		private Duration clockSkew = DEFAULT_CLOCK_SKEW;

		private Clock clock = Clock.systemUTC();

		private ManifestEpochGuard epochGuard = new ManifestEpochGuard();

		private Builder(String expectedSigner) {
			this.expectedSigner = expectedSigner;
		}

		/**
		 * Only accept manifests for this cluster. Recommended: one signer key may sign for many clusters.
		 * @param cluster the cluster contract address, or {@code null} for any
		 * @return this builder
		 */
		public Builder expectedCluster(String cluster) {
			this.expectedCluster = (cluster != null) ? SignerAddress.normalize("expected cluster", cluster) : null;
			return this;
		}

		/**
		 * Tolerance for clock differences when checking {@code valid_until}; default 30 s.
		 * @param clockSkew a non-negative duration
		 * @return this builder
		 */
		public Builder clockSkew(Duration clockSkew) {
			if (clockSkew == null || clockSkew.isNegative()) {
				throw new IllegalArgumentException("manifest clock skew must not be negative, got " + clockSkew);
			}
			this.clockSkew = clockSkew;
			return this;
		}

		/**
		 * The clock that decides freshness.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * The epoch high-water mark, for example shared with a previous verifier or seeded from a persisted value.
		 * @param epochGuard the guard
		 * @return this builder
		 */
		public Builder epochGuard(ManifestEpochGuard epochGuard) {
			this.epochGuard = Objects.requireNonNull(epochGuard, "epochGuard");
			return this;
		}

		/**
		 * Build the verifier.
		 * @return the verifier
		 */
		public ManifestVerifier build() {
			return new ManifestVerifier(this);
		}

	}

}
