package com.teesql.jdbc.attestation.dcap;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.teesql.jdbc.attestation.dcap.CollateralKey.PckCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link OfflineCollateralSource} over a real directory.
 */
class OfflineCollateralSourceTests {

	private static final CollateralKey KEY = CollateralKey.of("B0C06F000000", PckCa.PLATFORM);

	@TempDir
	Path directory;

	@Test
	void readsTheFileNamedAfterTheFmspcInAnyCase() throws Exception {
		Files.writeString(this.directory.resolve("b0c06f000000.json"), DcapVectors.text("tdx_quote_v4_collateral.json"));
		Files.writeString(this.directory.resolve("90C06F000000.json"), "{}");

		DcapCollateral collateral = new OfflineCollateralSource(this.directory).collateral(KEY);

		assertThat(collateral).isEqualTo(DcapVectors.v4Collateral());
		assertThat(DcapVectors.verifier().verify(DcapVectors.v4Quote(), collateral, DcapVectors.FIXTURE_NOW).status())
			.isEqualTo(TcbStatus.UP_TO_DATE);
	}

	@Test
	void missingFileIsNamed() throws Exception {
		Files.writeString(this.directory.resolve("90C06F000000.json"), DcapVectors.text("tdx_quote_v4_collateral.json"));

		assertThatExceptionOfType(CollateralUnavailableException.class)
			.isThrownBy(() -> new OfflineCollateralSource(this.directory).collateral(KEY))
			.withMessageContaining(this.directory.resolve("B0C06F000000.json").toAbsolutePath().toString());
	}

	@Test
	void missingDirectoryIsNamed() {
		Path absent = this.directory.resolve("absent");

		assertThatExceptionOfType(CollateralUnavailableException.class)
			.isThrownBy(() -> new OfflineCollateralSource(absent).collateral(KEY))
			.withMessageContaining(absent.toAbsolutePath() + " does not exist");
	}

	@Test
	void malformedFileIsNamedWithTheProblem() throws Exception {
		Path file = this.directory.resolve("B0C06F000000.json");
		Files.write(file, "{\"root_ca_crl\":\"00\"}".getBytes(StandardCharsets.UTF_8));

		assertThatExceptionOfType(CollateralUnavailableException.class)
			.isThrownBy(() -> new OfflineCollateralSource(this.directory).collateral(KEY))
			.withMessageContaining(file.toString())
			.withMessageContaining("pck_crl_issuer_chain");
	}

	@Test
	void oversizedFileIsRefused() throws Exception {
		Path file = this.directory.resolve("B0C06F000000.json");
		Files.write(file, new byte[OfflineCollateralSource.MAX_FILE_BYTES + 1]);

		assertThatExceptionOfType(CollateralUnavailableException.class)
			.isThrownBy(() -> new OfflineCollateralSource(this.directory).collateral(KEY))
			.withMessageContaining("exceeds " + OfflineCollateralSource.MAX_FILE_BYTES + " bytes");
	}

}
