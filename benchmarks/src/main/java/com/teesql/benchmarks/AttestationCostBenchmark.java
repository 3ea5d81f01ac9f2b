package com.teesql.benchmarks;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.RaTlsPeerVerifier;
import com.teesql.jdbc.attestation.SignatureVerificationSkipped;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.TdxQuoteLayout;
import com.teesql.jdbc.attestation.VerificationCache;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.attestation.dcap.CachingCollateralSource;
import com.teesql.jdbc.attestation.dcap.CollateralKey;
import com.teesql.jdbc.attestation.dcap.DcapCollateral;
import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.dcap.DcapVerificationResult;
import com.teesql.jdbc.attestation.dcap.DcapVerifier;
import com.teesql.jdbc.attestation.dcap.OfflineCollateralSource;
import com.teesql.jdbc.errors.AttestationException;

/**
 * What attesting a TeeSQL server costs the client, on the real Intel-signed fixture, measured against one ECDSA
 * P-256 signature verification (the unit every other figure is reported in, see {@link ReportWriter}). Every state
 * checks in its set-up that the path it measures really succeeds (and, for the cached paths, that the measured
 * calls were all cache hits), so a broken verifier fails the run instead of reporting the speed of an exception.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class AttestationCostBenchmark {

	/** The name of the baseline benchmark method; {@link ReportWriter} divides every score by its score. */
	static final String BASELINE = "ecdsaP256Verify";

	static final String COLD = "dcapCold";

	static final String WARM_COLLATERAL = "dcapWarmCollateral";

	static final String CACHED_VERIFICATION = "verificationCacheHit";

	private static final String RAW_ECDSA_ALGORITHM = "SHA256withECDSAinP1363Format";

	/**
	 * Baseline: one ECDSA P-256 verification, the quote's own signature by its attestation key over the signed
	 * header and TD report (step 9 of DCAP verification), including the JCA look-up a verifier does per call.
	 * @param state the key, data and signature
	 * @return whether the signature verifies (always {@code true}, checked at set-up)
	 * @throws GeneralSecurityException never for the fixture
	 */
	@Benchmark
	public boolean ecdsaP256Verify(SignatureState state) throws GeneralSecurityException {
		return state.verify();
	}

	/**
	 * Cold: everything from bytes, as the first connection of a fresh client pays it once the JIT is warm: parse
	 * the collateral JSON, load and pin the embedded Intel root, verify the quote.
	 * @param state the raw quote and collateral bytes
	 * @return the verification result
	 * @throws AttestationException never for the fixture
	 */
	@Benchmark
	public DcapVerificationResult dcapCold(ColdState state) throws AttestationException {
		return state.verify();
	}

	/**
	 * Warm collateral: a {@link DcapQuoteVerifier} whose collateral is already parsed and cached, the cost of every
	 * further connection to a new server certificate until the collateral's {@code nextUpdate}.
	 * @param state the verifier and parsed quote
	 * @return the verified quote
	 * @throws AttestationException never for the fixture
	 */
	@Benchmark
	public VerifiedQuote dcapWarmCollateral(WarmCollateralState state) throws AttestationException {
		return state.verifier.verify(state.quote);
	}

	/**
	 * Cached verification: a {@link RaTlsPeerVerifier} that has already accepted this leaf certificate, what a
	 * connection pool pays per connection to a known server (leaf digest and cache look-up).
	 * @param state the peer verifier with a primed cache
	 * @return the cached result
	 * @throws AttestationException never for the fixture
	 */
	@Benchmark
	public AttestationResult verificationCacheHit(CachedVerificationState state) throws AttestationException {
		return state.verifier.verify(state.leaf);
	}

	/**
	 * The quote's signature, its attestation key and the signed bytes.
	 */
	@State(Scope.Benchmark)
	public static class SignatureState {

		private PublicKey key;

		private byte[] signed;

		private byte[] signature;

		@Setup(Level.Trial)
		public void setUp() throws GeneralSecurityException, AttestationException {
			TdxQuote quote = TdxQuote.parse(BenchmarkVectors.read(BenchmarkVectors.QUOTE));
			byte[] signatureData = quote.signatureDataBytes();
			// Offsets in the layout count from the signature-data length field, signatureDataBytes() starts after it.
			int signatureStart = TdxQuoteLayout.SIG_ISV_SIGNATURE - 4;
			int keyStart = TdxQuoteLayout.SIG_ATTESTATION_KEY - 4;
			this.signature = Arrays.copyOfRange(signatureData, signatureStart, signatureStart + 64);
			this.key = p256Key(Arrays.copyOfRange(signatureData, keyStart, keyStart + 64));
			this.signed = Arrays.copyOf(quote.bytes(), quote.signedLength());
			if (!verify()) {
				throw new IllegalStateException("The quote signature of " + BenchmarkVectors.QUOTE
						+ " does not verify with its attestation key; the baseline would measure a failure");
			}
		}

		boolean verify() throws GeneralSecurityException {
			Signature verifier = Signature.getInstance(RAW_ECDSA_ALGORITHM);
			verifier.initVerify(this.key);
			verifier.update(this.signed);
			return verifier.verify(this.signature);
		}

		private static PublicKey p256Key(byte[] rawPoint) throws GeneralSecurityException {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec("secp256r1"));
			ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(rawPoint, 0, 32)),
					new BigInteger(1, Arrays.copyOfRange(rawPoint, 32, 64)));
			return KeyFactory.getInstance("EC")
				.generatePublic(new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
		}

	}

	/**
	 * The raw fixture bytes, nothing parsed.
	 */
	@State(Scope.Benchmark)
	public static class ColdState {

		private byte[] quote;

		private byte[] collateralJson;

		@Setup(Level.Trial)
		public void setUp() throws AttestationException {
			this.quote = BenchmarkVectors.read(BenchmarkVectors.QUOTE);
			this.collateralJson = BenchmarkVectors.read(BenchmarkVectors.COLLATERAL);
			String status = verify().status().intelName();
			if (!BenchmarkVectors.EXPECTED_TCB_STATUS.equals(status)) {
				throw new IllegalStateException("The fixture verified as " + status + ", expected "
						+ BenchmarkVectors.EXPECTED_TCB_STATUS);
			}
		}

		DcapVerificationResult verify() throws AttestationException {
			DcapCollateral collateral = DcapCollateral
				.fromJson(new String(this.collateralJson, StandardCharsets.UTF_8));
			return DcapVerifier.withIntelRoot().verify(this.quote, collateral, BenchmarkVectors.NOW_EPOCH_SECONDS);
		}

	}

	/**
	 * A DCAP quote verifier over cached offline collateral, at a fixed time inside the collateral's validity.
	 */
	@State(Scope.Benchmark)
	public static class WarmCollateralState {

		private Path collateralDirectory;

		private Path collateralFile;

		private CachingCollateralSource source;

		DcapQuoteVerifier verifier;

		TdxQuote quote;

		@Setup(Level.Trial)
		public void setUp() throws IOException, AttestationException {
			byte[] raw = BenchmarkVectors.read(BenchmarkVectors.QUOTE);
			this.quote = TdxQuote.parse(raw);
			// The offline source looks collateral up by the platform's FMSPC, so the fixture is laid out that way.
			this.collateralDirectory = Files.createTempDirectory("teesql-bench-collateral");
			this.collateralFile = this.collateralDirectory.resolve(CollateralKey.fromQuote(raw).fmspc() + ".json");
			Files.write(this.collateralFile, BenchmarkVectors.read(BenchmarkVectors.COLLATERAL));
			Clock clock = Clock.fixed(Instant.ofEpochSecond(BenchmarkVectors.NOW_EPOCH_SECONDS), ZoneOffset.UTC);
			this.source = new CachingCollateralSource(new OfflineCollateralSource(this.collateralDirectory), clock);
			this.verifier = new DcapQuoteVerifier(DcapVerifier.withIntelRoot(), this.source, clock);
			String status = this.verifier.verify(this.quote).tcbStatus();
			if (!BenchmarkVectors.EXPECTED_TCB_STATUS.equals(status)) {
				throw new IllegalStateException("The fixture verified as " + status + ", expected "
						+ BenchmarkVectors.EXPECTED_TCB_STATUS);
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() throws IOException {
			Files.deleteIfExists(this.collateralFile);
			Files.deleteIfExists(this.collateralDirectory);
			if (this.source.misses() != 1) {
				throw new IllegalStateException("Collateral was read " + this.source.misses()
						+ " times instead of once; the benchmark did not measure the cached path");
			}
		}

	}

	/**
	 * A peer verifier with a verification cache that already holds the derived bound certificate. That
	 * certificate's quote was patched to bind its key, so its signature cannot pass DCAP; the cache entry is made
	 * by the {@code none} verifier, which checks the key binding and the policy. A hit skips all of that either way.
	 */
	@State(Scope.Benchmark)
	public static class CachedVerificationState {

		RaTlsPeerVerifier verifier;

		X509Certificate leaf;

		@Setup(Level.Trial)
		public void setUp() throws AttestationException {
			this.leaf = BenchmarkVectors.certificate(BenchmarkVectors.BOUND_CERTIFICATE);
			VerificationCache cache = new VerificationCache(Duration.ofDays(1), Clock.systemUTC());
			this.verifier = new RaTlsPeerVerifier(AttestationPolicy.DEFAULT, new SignatureVerificationSkipped(),
					false, null, cache);
			AttestationResult first = this.verifier.verify(this.leaf);
			AttestationResult second = this.verifier.verify(this.leaf);
			if (first.simulator() || second != first || cache.misses() != 1 || cache.hits() != 1) {
				throw new IllegalStateException("The second verification of " + BenchmarkVectors.BOUND_CERTIFICATE
						+ " was not a cache hit (hits " + cache.hits() + ", misses " + cache.misses() + ")");
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			if (this.verifier.cache().misses() != 1) {
				throw new IllegalStateException("The verification cache missed " + this.verifier.cache().misses()
						+ " times instead of once; the benchmark did not measure the cached path");
			}
		}

	}

}
