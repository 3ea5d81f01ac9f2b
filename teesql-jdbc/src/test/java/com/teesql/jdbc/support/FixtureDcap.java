package com.teesql.jdbc.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.dcap.DcapVerifier;
import com.teesql.jdbc.attestation.dcap.OfflineCollateralSource;
import com.teesql.testsupport.TestVectors;

/**
 * The real DCAP verifier, pinned to Intel's root, with the vector collateral offline and the clock at the fixture's
 * "now": it accepts the real {@code tdx_quote_v4.bin} and refuses any quote whose signed bytes were changed (such as
 * the derived certificates' patched quote).
 */
public final class FixtureDcap {

	/** The instant the fixture collateral is valid at. */
	public static final long NOW = 1752919234L;

	private FixtureDcap() {
	}

	public static QuoteVerifier verifier(Path tempDir) {
		try {
			Path directory = Files.createDirectories(tempDir.resolve("collateral"));
			Files.write(directory.resolve("B0C06F000000.json"), TestVectors.bytes("tdx_quote_v4_collateral.json"));
			return new DcapQuoteVerifier(DcapVerifier.withIntelRoot(), new OfflineCollateralSource(directory),
					Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
