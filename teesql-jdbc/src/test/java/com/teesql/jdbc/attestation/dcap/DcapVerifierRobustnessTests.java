package com.teesql.jdbc.attestation.dcap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Truncated, garbled and random inputs must end in a {@link DcapVerificationException}, never another exception.
 */
class DcapVerifierRobustnessTests {

	/** End of the fixture's declared structure; the 70 bytes after it are padding. */
	private static final int FIXTURE_STRUCTURE_END = 4936;

	/** Start of the PEM PCK chain inside the fixture. */
	private static final int PCK_PEM = 1258;

	private final DcapVerifier verifier = DcapVectors.verifier();

	@Test
	void everyTruncationInsideTheStructureIsMalformed() throws Exception {
		byte[] quote = DcapVectors.v4Quote();
		DcapCollateral collateral = DcapVectors.v4Collateral();
		Random random = new Random(4711);
		for (int i = 0; i < 300; i++) {
			int length = (i < 50) ? i : random.nextInt(FIXTURE_STRUCTURE_END);
			byte[] truncated = Arrays.copyOf(quote, length);
			Throwable thrown = catchThrowable(() -> this.verifier.verify(truncated, collateral, DcapVectors.FIXTURE_NOW));
			assertThat(thrown).as("length %d", length).isInstanceOf(DcapVerificationException.class);
			assertThat(((DcapVerificationException) thrown).reason()).as("length %d", length)
				.isEqualTo(Reason.MALFORMED_QUOTE);
		}
	}

	@Test
	void paddingAfterTheStructureIsOptional() throws Exception {
		byte[] exact = Arrays.copyOf(DcapVectors.v4Quote(), FIXTURE_STRUCTURE_END);
		DcapVerificationResult result = this.verifier.verify(exact, DcapVectors.v4Collateral(), DcapVectors.FIXTURE_NOW);
		assertThat(result.status()).isEqualTo(TcbStatus.UP_TO_DATE);
		assertThat(result.trailingBytes()).isZero();
	}

	@Test
	void everyBitFlipBeforeThePckChainIsRefused() throws Exception {
		byte[] quote = DcapVectors.v4Quote();
		DcapCollateral collateral = DcapVectors.v4Collateral();
		Random random = new Random(42);
		for (int i = 0; i < 300; i++) {
			byte[] flipped = quote.clone();
			int offset = random.nextInt(PCK_PEM);
			flipped[offset] ^= (byte) (1 << random.nextInt(8));
			Throwable thrown = catchThrowable(() -> this.verifier.verify(flipped, collateral, DcapVectors.FIXTURE_NOW));
			assertThat(thrown).as("bit flip at %d", offset).isInstanceOf(DcapVerificationException.class);
		}
	}

	@Test
	void bitFlipsInThePckChainAreRefusedUnlessInTheIgnoredRootCopy() throws Exception {
		byte[] quote = DcapVectors.v4Quote();
		DcapCollateral collateral = DcapVectors.v4Collateral();
		String pem = new String(quote, PCK_PEM, FIXTURE_STRUCTURE_END - PCK_PEM, StandardCharsets.US_ASCII);
		int leafAndIntermediateEnd = PCK_PEM + pem.lastIndexOf("-----BEGIN CERTIFICATE-----");
		Random random = new Random(43);
		int accepted = 0;
		for (int i = 0; i < 200; i++) {
			byte[] flipped = quote.clone();
			int offset = PCK_PEM + random.nextInt(FIXTURE_STRUCTURE_END - PCK_PEM);
			flipped[offset] ^= (byte) (1 << random.nextInt(8));
			Throwable thrown = catchThrowable(() -> this.verifier.verify(flipped, collateral, DcapVectors.FIXTURE_NOW));
			if (thrown == null) {
				// Only the quote's copy of the root may change unnoticed: the pinned root is the anchor.
				assertThat(offset).as("accepted bit flip at %d", offset).isGreaterThanOrEqualTo(leafAndIntermediateEnd);
				accepted++;
			}
			else {
				assertThat(thrown).as("bit flip at %d", offset).isInstanceOf(DcapVerificationException.class);
			}
		}
		assertThat(accepted).isLessThan(200);
	}

	@Test
	void randomGarbageQuotesAreRefused() throws Exception {
		DcapCollateral collateral = DcapVectors.v4Collateral();
		Random random = new Random(7);
		for (int i = 0; i < 100; i++) {
			byte[] garbage = new byte[random.nextInt(6000)];
			random.nextBytes(garbage);
			if (i % 2 == 0 && garbage.length >= 48) {
				// Keep a valid header so parsing goes deeper than the first check.
				System.arraycopy(DcapVectors.v4Quote(), 0, garbage, 0, 48);
			}
			Throwable thrown = catchThrowable(() -> this.verifier.verify(garbage, collateral, DcapVectors.FIXTURE_NOW));
			assertThat(thrown).isInstanceOf(DcapVerificationException.class);
		}
	}

	@Test
	void nullQuoteIsMalformed() {
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> this.verifier.verify((byte[]) null, DcapVectors.v4Collateral(), DcapVectors.FIXTURE_NOW))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_QUOTE));
	}

	@Test
	void truncatedAndGarbledCollateralIsRefused() throws Exception {
		String json = DcapVectors.text("tdx_quote_v4_collateral.json");
		Random random = new Random(99);
		for (int i = 0; i < 200; i++) {
			String truncated = json.substring(0, random.nextInt(json.length()));
			Throwable thrown = catchThrowable(() -> DcapCollateral.fromJson(truncated));
			assertThat(thrown).isInstanceOf(DcapVerificationException.class);
			assertThat(((DcapVerificationException) thrown).reason()).isEqualTo(Reason.MALFORMED_COLLATERAL);
		}
		DcapCollateral collateral = DcapVectors.v4Collateral();
		for (int i = 0; i < 200; i++) {
			DcapCollateral garbled = garble(collateral, random);
			Throwable thrown = catchThrowable(
					() -> this.verifier.verify(DcapVectors.v4Quote(), garbled, DcapVectors.FIXTURE_NOW));
			assertThat(thrown).as("garbled collateral %d", i).isInstanceOf(DcapVerificationException.class);
		}
	}

	private static DcapCollateral garble(DcapCollateral c, Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> DcapVerifierTamperingTests.with(c, "tcb_info", cut(c.tcbInfo(), random));
			case 1 -> DcapVerifierTamperingTests.with(c, "qe_identity", cut(c.qeIdentity(), random));
			case 2 -> DcapVerifierTamperingTests.with(c, "tcb_info_issuer_chain", cut(c.tcbInfoIssuerChain(), random));
			case 3 -> DcapVerifierTamperingTests.withCrls(c, cut(c.rootCaCrl(), random), c.pckCrl());
			case 4 -> DcapVerifierTamperingTests.withCrls(c, c.rootCaCrl(), cut(c.pckCrl(), random));
			default -> DcapVerifierTamperingTests.withSignature(c, "tcb_info_signature",
					cut(c.tcbInfoSignature(), random));
		};
	}

	private static String cut(String value, Random random) {
		return value.substring(0, random.nextInt(value.length()));
	}

	private static byte[] cut(byte[] value, Random random) {
		return Arrays.copyOf(value, random.nextInt(value.length));
	}

}
