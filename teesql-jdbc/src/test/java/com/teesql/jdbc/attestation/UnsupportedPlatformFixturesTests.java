package com.teesql.jdbc.attestation;

import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.UnsupportedPlatformException;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * dstack's real SEV-SNP and Nitro Enclave attestations ({@code test-vectors/dstack/}, provenance in its README) are
 * refused with a message naming their platform.
 */
class UnsupportedPlatformFixturesTests {

	@Test
	void sevSnpAttestationIsRefusedByName() {
		assertThatExceptionOfType(UnsupportedPlatformException.class)
			.isThrownBy(() -> VersionedAttestation.decode(TestVectors.bytes("dstack/sev_snp_attestation.bin")))
			.withMessage("attestation platform sev-snp (AMD SEV-SNP, V0 variant 3 DstackAmdSevSnp) is not supported: "
					+ "teesql-jdbc verifies TDX quotes only (platforms tdx and gcp-tdx) — connection refused");
	}

	@Test
	void nitroEnclaveAttestationIsRefusedByName() {
		assertThatExceptionOfType(UnsupportedPlatformException.class)
			.isThrownBy(() -> VersionedAttestation.decode(TestVectors.bytes("dstack/nitro_attestation.bin")))
			.withMessageStartingWith("attestation platform nitro-enclave (AWS Nitro Enclave, V0 variant 2");
	}

}
