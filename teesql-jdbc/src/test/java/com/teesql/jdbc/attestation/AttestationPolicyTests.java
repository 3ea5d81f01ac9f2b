package com.teesql.jdbc.attestation;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.DebugModeException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.support.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class AttestationPolicyTests {

	private static final String V4_MRTD = "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407"
			+ "de03ae6dc5f87f27428b2538873118b7";

	private static final String OTHER_MRTD = "273828c46252fcbdd8ad2dd907130222b03466d52a2911d70c1a5950895d6bd1"
			+ "ae451d382d5a9b1b4c0ed0e5ae9a3dbd";

	private static TdxQuote v4(boolean debug) throws Exception {
		byte[] bytes = TestVectors.bytes("tdx_quote_v4.bin");
		if (debug) {
			bytes[TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.TD_ATTRIBUTES] |= 0x01;
		}
		return TdxQuote.parse(bytes);
	}

	@Test
	void refusesDebugTdsWithTheDocumentedMessage() throws Exception {
		TdxQuote debugQuote = v4(true);
		assertThatExceptionOfType(DebugModeException.class).isThrownBy(() -> AttestationPolicy.DEFAULT.check(debugQuote))
			.withMessage("TDX TD is in debug mode \u2014 connection refused. Debug TDs have no confidentiality "
					+ "guarantees. Set teesql.attestation.allow-debug-mode=true to override (not recommended for "
					+ "production).");
		assertThatNoException().isThrownBy(() -> AttestationPolicy.DEFAULT.check(v4(false)));
		AttestationPolicy allowDebug = AttestationPolicy.builder().allowDebugMode(true).build();
		assertThatNoException().isThrownBy(() -> allowDebug.check(debugQuote));
	}

	@Test
	void normalisesAllowlistEntries() throws Exception {
		AttestationPolicy policy = AttestationPolicy.builder()
			.allowedMrtds(List.of("  0X" + V4_MRTD.toUpperCase() + "\t", "0x" + OTHER_MRTD))
			.build();
		assertThat(policy.allowedMrtds()).containsExactlyInAnyOrder(V4_MRTD, OTHER_MRTD);
		assertThatNoException().isThrownBy(() -> policy.check(v4(false)));
		assertThat(new AttestationPolicy(false, Set.of(" " + V4_MRTD.toUpperCase())).allowedMrtds())
			.containsExactly(V4_MRTD);
	}

	@Test
	void refusesMrtdOutsideTheAllowlistWithTheDocumentedMessage() throws Exception {
		AttestationPolicy policy = AttestationPolicy.builder().allowedMrtd(OTHER_MRTD).build();
		TdxQuote quote = v4(false);
		assertThatExceptionOfType(MrtdNotAllowedException.class).isThrownBy(() -> policy.check(quote))
			.withMessage("MRTD \"" + V4_MRTD + "\" is not in the allowlist. Update teesql.attestation.allowed-mrtd "
					+ "if you intentionally upgraded the CVM image.")
			.satisfies((ex) -> assertThat(ex.mrtd()).isEqualTo(V4_MRTD));
	}

	@Test
	void debugIsCheckedBeforeMrtd() throws Exception {
		AttestationPolicy policy = AttestationPolicy.builder().allowedMrtd(OTHER_MRTD).build();
		TdxQuote debugQuote = v4(true);
		assertThatExceptionOfType(DebugModeException.class).isThrownBy(() -> policy.check(debugQuote));
	}

	@Test
	void rejectsMalformedAllowlistEntriesNamingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> AttestationPolicy.builder().allowedMrtd("0xabc"))
			.withMessageContaining("\"0xabc\"")
			.withMessageContaining("96 hex characters")
			.withMessageContaining("got 3 characters");
		String nonHex = V4_MRTD.substring(0, 95) + "g";
		assertThatIllegalArgumentException().isThrownBy(() -> new AttestationPolicy(false, Set.of(nonHex)))
			.withMessageContaining(nonHex);
	}

}
