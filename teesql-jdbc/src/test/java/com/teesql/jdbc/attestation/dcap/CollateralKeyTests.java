package com.teesql.jdbc.attestation.dcap;

import java.util.Arrays;
import java.util.HexFormat;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.dcap.CollateralKey.PckCa;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link CollateralKey} read from the real quotes' PCK certificates.
 */
class CollateralKeyTests {

	@Test
	void keyOfTheV4QuoteMatchesItsCollateral() throws Exception {
		CollateralKey key = CollateralKey.fromQuote(DcapVectors.v4Quote());

		assertThat(key).isEqualTo(new CollateralKey("B0C06F000000", PckCa.PLATFORM));
		assertThat(key.fmspc()).isEqualTo(fmspc(DcapVectors.v4Collateral()));
	}

	@Test
	void keyOfTheV5QuoteMatchesItsCollateral() throws Exception {
		CollateralKey key = CollateralKey.fromQuote(DcapVectors.bytes("tdx_quote_v5_td15.bin"));
		DcapCollateral collateral = DcapCollateral.fromJson(DcapVectors.text("tdx_quote_v5_td15_collateral.json"));

		assertThat(key.fmspc()).isEqualTo(fmspc(collateral));
		assertThat(key.ca()).isEqualTo(PckCa.PLATFORM);
	}

	@Test
	void truncatedQuoteIsRefused() {
		byte[] quote = DcapVectors.v4Quote();

		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> CollateralKey.fromQuote(Arrays.copyOf(quote, 1000)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_QUOTE));
	}

	@Test
	void fmspcIsNormalisedToUpperCaseAndValidated() {
		assertThat(CollateralKey.of("b0c06f000000", PckCa.PLATFORM).fmspc()).isEqualTo("B0C06F000000");
		assertThatIllegalArgumentException().isThrownBy(() -> new CollateralKey("b0c06f000000", PckCa.PLATFORM))
			.withMessageContaining("'b0c06f000000'");
		assertThatIllegalArgumentException().isThrownBy(() -> CollateralKey.of("B0C06F00", PckCa.PLATFORM))
			.withMessageContaining("'B0C06F00'");
		assertThatIllegalArgumentException().isThrownBy(() -> CollateralKey.of("B0C06F00000G", PckCa.PLATFORM));
	}

	@Test
	void caIsTakenFromTheIssuerCommonName() throws Exception {
		assertThat(PckCa.fromIssuer(new X500Principal("CN=Intel SGX PCK Processor CA, O=Intel Corporation, C=US")))
			.isEqualTo(PckCa.PROCESSOR);
		assertThat(PckCa.fromIssuer(new X500Principal("CN=Intel SGX PCK Platform CA, O=Intel Corporation, C=US")))
			.isEqualTo(PckCa.PLATFORM);
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> PckCa.fromIssuer(new X500Principal("CN=Intel SGX Root CA, O=Intel Corporation")))
			.withMessageContaining("'Intel SGX Root CA'");
		assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> PckCa.fromIssuer(new X500Principal("O=Platform Processor Inc")))
			.withMessageContaining("has no common name");
	}

	private static String fmspc(DcapCollateral collateral) throws DcapVerificationException {
		return HexFormat.of().withUpperCase().formatHex(TcbInfo.parse(collateral.tcbInfo()).fmspc());
	}

}
