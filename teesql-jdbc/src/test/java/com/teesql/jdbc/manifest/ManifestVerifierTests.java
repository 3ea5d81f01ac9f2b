package com.teesql.jdbc.manifest;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Refusals beyond the vector file: tampering, wrong signer, malleated signatures, skew, rollback, other cluster.
 */
class ManifestVerifierTests {

	private static final long VALID_UNTIL = 4_102_444_800L;

	private static final long NOW = 1_800_000_000L;

	private static final String OTHER_SIGNER = "0x00000000000000000000000000000000000000aa";

	private final String valid = FixtureSigner.txt(42, FixtureSigner.URL, VALID_UNTIL);

	@Test
	void acceptsAValidManifestAndReportsItsFields() throws Exception {
		LeaderManifest manifest = verifier().verify(this.valid);
		assertThat(manifest.cluster()).isEqualTo(FixtureSigner.CLUSTER);
		assertThat(manifest.epoch()).isEqualTo(42);
		assertThat(manifest.leaderInstance()).isEqualTo(FixtureSigner.INSTANCE);
		assertThat(manifest.leaderUrl()).isEqualTo(FixtureSigner.URL);
		assertThat(manifest.version()).isEqualTo("1");
		assertThat(manifest.validUntil()).isEqualTo(VALID_UNTIL);
		assertThat(manifest.recoveredSigner()).isEqualTo(FixtureSigner.ADDRESS);
		assertThat(manifest.signature()).hasSize(132).startsWith("0x");
	}

	@Test
	void signerCaseDoesNotMatter() throws Exception {
		String checksummed = "0x19E7E376E7C213B7E7E7E46CC70A5DD086DAFF2A";
		assertThat(ManifestVerifier.builder(checksummed).clock(FixtureSigner.at(NOW)).build().verify(this.valid)
			.recoveredSigner()).isEqualTo(FixtureSigner.ADDRESS);
	}

	@Test
	void refusesEveryTamperedSignedField() {
		String[][] tampering = { { "epoch=42", "epoch=43" }, { "valid_until=4102444800", "valid_until=4102444801" },
				{ "leader_instance=ea23", "leader_instance=fa23" }, { "-5433.dstack", "-5434.dstack" },
				{ "cluster=0xbd32", "cluster=0xcd32" } };
		for (String[] change : tampering) {
			String tampered = this.valid.replace(change[0], change[1]);
			assertThat(tampered).isNotEqualTo(this.valid);
			assertThatExceptionOfType(ManifestSignatureException.class).as(change[1])
				.isThrownBy(() -> verifier().verify(tampered))
				.withMessageStartingWith("manifest signature verification failed: recovered 0x")
				.withMessageEndingWith(" expected " + FixtureSigner.ADDRESS)
				.satisfies((ex) -> assertThat(ex.recoveredSigner()).get().isNotEqualTo(FixtureSigner.ADDRESS));
		}
	}

	@Test
	void refusesAWrongSigner() {
		assertThatExceptionOfType(ManifestSignatureException.class)
			.isThrownBy(() -> ManifestVerifier.builder(OTHER_SIGNER).clock(FixtureSigner.at(NOW)).build().verify(this.valid))
			.withMessage("manifest signature verification failed: recovered " + FixtureSigner.ADDRESS + " expected "
					+ OTHER_SIGNER);
	}

	@Test
	void refusesAnUnsupportedVersionEvenWhenSigned() {
		String body = FixtureSigner.body(FixtureSigner.CLUSTER, 42, FixtureSigner.INSTANCE, FixtureSigner.URL, "7",
				VALID_UNTIL);
		assertThatExceptionOfType(UnsupportedManifestVersionException.class)
			.isThrownBy(() -> verifier().verify(body + ";sig=" + FixtureSigner.sign(body)))
			.withMessage("unsupported manifest version: 7");
	}

	@Test
	void refusesAShortOrNonHexSignature() {
		String unsigned = this.valid.substring(0, this.valid.indexOf(";sig="));
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> verifier().verify(unsigned + ";sig=0x" + "ab".repeat(64)))
			.withMessage("sig must be 65 bytes, got 64");
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> verifier().verify(unsigned + ";sig=0x" + "zz".repeat(65)))
			.withMessageStartingWith("sig is not hex");
		assertThatExceptionOfType(MalformedManifestException.class)
			.isThrownBy(() -> verifier().verify(unsigned + ";sig=" + "ab".repeat(65)))
			.withMessage("sig must be 0x-prefixed");
	}

	@Test
	void acceptsRecoveryByteZeroOrOneAndRefusesOthers() throws Exception {
		byte[] signature = ManifestParser.parse(this.valid).signatureBytes();
		int v = signature[64];
		assertThat(v).isIn(27, 28);
		assertThat(verifier().verify(withSignature(signature, v - 27)).recoveredSigner()).isEqualTo(FixtureSigner.ADDRESS);
		assertThatExceptionOfType(ManifestSignatureException.class)
			.isThrownBy(() -> verifier().verify(withSignature(signature, 29)))
			.withMessage("manifest signature verification failed: invalid recovery byte v=29 (expected 27 or 28, or 0 or 1)");
	}

	@Test
	void refusesTheHighSTwinOfAValidSignature() throws Exception {
		byte[] signature = ManifestParser.parse(this.valid).signatureBytes();
		BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
		byte[] twin = signature.clone();
		byte[] highS = toBytes32(Sign.CURVE_PARAMS.getN().subtract(s));
		System.arraycopy(highS, 0, twin, 32, 32);
		// (r, n - s) with the other recovery id is mathematically valid for the same key: a malleated copy.
		twin[64] = (byte) ((signature[64] == 27) ? 28 : 27);
		assertThatExceptionOfType(ManifestSignatureException.class)
			.isThrownBy(() -> verifier().verify(withSignature(twin, twin[64])))
			.withMessageStartingWith("manifest signature verification failed: high-s signature");
	}

	@Test
	void refusesZeroR() throws Exception {
		byte[] signature = ManifestParser.parse(this.valid).signatureBytes();
		java.util.Arrays.fill(signature, 0, 32, (byte) 0);
		assertThatExceptionOfType(ManifestSignatureException.class)
			.isThrownBy(() -> verifier().verify(withSignature(signature, signature[64])))
			.withMessage("manifest signature verification failed: r or s outside [1, n-1]");
	}

	@Test
	void expiryAllowsTheConfiguredClockSkew() throws Exception {
		String txt = FixtureSigner.txt(42, FixtureSigner.URL, 2_000_000_000L);
		ManifestVerifier defaultSkew = ManifestVerifier.builder(FixtureSigner.ADDRESS)
			.clock(FixtureSigner.at(2_000_000_029L))
			.build();
		assertThat(defaultSkew.verify(txt).validUntil()).isEqualTo(2_000_000_000L);
		assertThatExceptionOfType(ManifestExpiredException.class)
			.isThrownBy(() -> ManifestVerifier.builder(FixtureSigner.ADDRESS)
				.clock(FixtureSigner.at(2_000_000_030L))
				.build()
				.verify(txt))
			.withMessage("manifest expired: valid_until=2000000000 now=2000000030 (clock skew allowance 30 s)");
		assertThatExceptionOfType(ManifestExpiredException.class)
			.isThrownBy(() -> ManifestVerifier.builder(FixtureSigner.ADDRESS)
				.clock(FixtureSigner.at(2_000_000_000L))
				.clockSkew(Duration.ZERO)
				.build()
				.verify(txt))
			.withMessage("manifest expired: valid_until=2000000000 now=2000000000");
	}

	@Test
	void signatureIsCheckedBeforeExpiry() {
		String expiredAndTampered = FixtureSigner.txt(42, FixtureSigner.URL, 1_000L).replace("epoch=42", "epoch=41");
		assertThatExceptionOfType(ManifestSignatureException.class).isThrownBy(() -> verifier().verify(expiredAndTampered));
	}

	@Test
	void refusesAnOlderEpochOnceANewerOneWasAccepted() throws Exception {
		ManifestVerifier verifier = verifier();
		verifier.verify(FixtureSigner.txt(42, FixtureSigner.URL, VALID_UNTIL));
		assertThat(verifier.verify(FixtureSigner.txt(42, FixtureSigner.URL, VALID_UNTIL - 1)).epoch()).isEqualTo(42);
		String rolledBack = FixtureSigner.txt(41, "https://former-leader.example:443", VALID_UNTIL);
		assertThatExceptionOfType(ManifestRollbackException.class).isThrownBy(() -> verifier.verify(rolledBack))
			.withMessage("manifest rolled back: epoch 41 is older than epoch 42 already accepted for cluster "
					+ FixtureSigner.CLUSTER);
		assertThat(verifier.verify(FixtureSigner.txt(43, FixtureSigner.URL, VALID_UNTIL)).epoch()).isEqualTo(43);
		assertThat(verifier.epochGuard().highestEpoch(FixtureSigner.CLUSTER.toUpperCase())).hasValue(43);
	}

	@Test
	void minimumEpochIsAFloorForEveryCluster() throws Exception {
		ManifestVerifier verifier = ManifestVerifier.builder(FixtureSigner.ADDRESS)
			.clock(FixtureSigner.at(NOW))
			.epochGuard(new ManifestEpochGuard(50))
			.build();
		assertThatExceptionOfType(ManifestRollbackException.class).isThrownBy(() -> verifier.verify(this.valid))
			.withMessageStartingWith("manifest rolled back: epoch 42 is older than epoch 50");
		assertThat(verifier.verify(FixtureSigner.txt(50, FixtureSigner.URL, VALID_UNTIL)).epoch()).isEqualTo(50);
	}

	@Test
	void epochsOfDifferentClustersDoNotInterfere() throws Exception {
		ManifestVerifier verifier = verifier();
		verifier.verify(FixtureSigner.txt(FixtureSigner.CLUSTER, 42, VALID_UNTIL));
		String other = "0x1111111111111111111111111111111111111111";
		assertThat(verifier.verify(FixtureSigner.txt(other, 3, VALID_UNTIL)).cluster()).isEqualTo(other);
	}

	@Test
	void refusesAManifestForAnotherCluster() throws Exception {
		String other = "0x2222222222222222222222222222222222222222";
		ManifestVerifier verifier = ManifestVerifier.builder(FixtureSigner.ADDRESS)
			.clock(FixtureSigner.at(NOW))
			.expectedCluster(FixtureSigner.CLUSTER.toUpperCase().replace("0X", "0x"))
			.build();
		assertThat(verifier.verify(this.valid).cluster()).isEqualTo(FixtureSigner.CLUSTER);
		assertThatExceptionOfType(ManifestClusterMismatchException.class)
			.isThrownBy(() -> verifier.verify(FixtureSigner.txt(other, 42, VALID_UNTIL)))
			.withMessage("manifest is for cluster " + other + ", expected " + FixtureSigner.CLUSTER);
	}

	@Test
	void refusesASignedManifestWhoseLeaderUrlCannotBeDialled() {
		String txt = FixtureSigner.txt(42, "ftp://leader.example", VALID_UNTIL);
		assertThatExceptionOfType(InvalidLeaderUrlException.class).isThrownBy(() -> verifier().verify(txt))
			.withMessage("unknown scheme for ftp://leader.example: ftp");
	}

	@Test
	void leaderInstanceHookComparesWithTheAttestedInstance() throws Exception {
		LeaderManifest manifest = verifier().verify(this.valid);
		manifest.checkLeaderInstance(FixtureSigner.INSTANCE.toUpperCase());
		manifest.checkLeaderInstance("0x" + FixtureSigner.INSTANCE);
		assertThatExceptionOfType(ManifestLeaderInstanceMismatchException.class)
			.isThrownBy(() -> manifest.checkLeaderInstance("00".repeat(20)))
			.withMessage("manifest names leader_instance " + FixtureSigner.INSTANCE
					+ " but the server attested instance-id " + "00".repeat(20));
		assertThatExceptionOfType(ManifestInstanceNotAttestedException.class)
			.isThrownBy(() -> manifest.checkLeaderInstance(null))
			.withMessageStartingWith("manifest names leader_instance " + FixtureSigner.INSTANCE
					+ " but the server attested no instance-id");
		assertThatExceptionOfType(ManifestInstanceNotAttestedException.class)
			.isThrownBy(() -> manifest.checkLeaderInstance(" "));
	}

	@Test
	void leaderChangeMeansUrlOrEpoch() throws Exception {
		LeaderManifest base = verifier().verify(this.valid);
		LeaderManifest renewed = verifier().verify(FixtureSigner.txt(42, FixtureSigner.URL, VALID_UNTIL - 5));
		LeaderManifest moved = verifier().verify(FixtureSigner.txt(42, "https://other.example", VALID_UNTIL));
		LeaderManifest newEpoch = verifier().verify(FixtureSigner.txt(43, FixtureSigner.URL, VALID_UNTIL));
		assertThat(renewed.leaderDiffersFrom(base)).isFalse();
		assertThat(moved.leaderDiffersFrom(base)).isTrue();
		assertThat(newEpoch.leaderDiffersFrom(base)).isTrue();
		assertThat(base.leaderDiffersFrom(null)).isTrue();
	}

	@Test
	void refusesBadConfiguration() {
		assertThatIllegalArgumentException().isThrownBy(() -> ManifestVerifier.builder("19e7e376e7c213b7e7e7"))
			.withMessage("manifest signer must be 0x followed by 40 hex digits, got '19e7e376e7c213b7e7e7'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ManifestVerifier.builder(FixtureSigner.ADDRESS).expectedCluster("0x12"))
			.withMessageStartingWith("expected cluster must be 0x followed by 40 hex digits");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ManifestVerifier.builder(FixtureSigner.ADDRESS).clockSkew(Duration.ofSeconds(-1)));
	}

	private ManifestVerifier verifier() {
		return ManifestVerifier.builder(FixtureSigner.ADDRESS).clock(FixtureSigner.at(NOW)).build();
	}

	private String withSignature(byte[] signature, int v) {
		byte[] copy = signature.clone();
		copy[64] = (byte) v;
		return this.valid.substring(0, this.valid.indexOf(";sig=")) + ";sig=0x" + HexFormat.of().formatHex(copy);
	}

	private static byte[] toBytes32(BigInteger value) {
		byte[] raw = value.toByteArray();
		byte[] out = new byte[32];
		int length = Math.min(raw.length, 32);
		System.arraycopy(raw, raw.length - length, out, 32 - length, length);
		return out;
	}

}
