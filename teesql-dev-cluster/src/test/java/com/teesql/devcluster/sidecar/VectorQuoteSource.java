package com.teesql.devcluster.sidecar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.teesql.jdbc.attestation.TdxQuoteLayout;
import com.teesql.testsupport.TestVectors;

/**
 * An {@link AttestationSource} like the dstack simulator: it returns the real Intel TDX v4 quote from the repository's test
 * vectors with its REPORTDATA replaced, and reads the measurements out of that quote.
 */
final class VectorQuoteSource implements AttestationSource {

	private final byte[] quote;

	private final AtomicInteger quotes = new AtomicInteger();

	VectorQuoteSource() throws IOException {
		this.quote = Files.readAllBytes(vectorsDirectory().resolve("tdx_quote_v4.bin"));
	}

	static Path vectorsDirectory() {
		return TestVectors.dir();
	}

	@Override
	public String appId() {
		return "ea549f02e1a25fabd1cb788380e033ec5461b2ff";
	}

	@Override
	public String composeHash() {
		return "4d8a1f8dc3a0fa3a5c7b62b3b1e0e4a7d36b6ee9e0c2f4b0e3b5a7f2d1c4e6a8";
	}

	@Override
	public String instanceId() {
		return "dev-node-0";
	}

	@Override
	public Map<String, String> tcbInfo() {
		Map<String, String> measurements = new LinkedHashMap<>();
		measurements.put("mrtd", measurement(TdxQuoteLayout.MR_TD));
		measurements.put("rtmr0", measurement(TdxQuoteLayout.RTMR0));
		measurements.put("rtmr1", measurement(TdxQuoteLayout.RTMR1));
		measurements.put("rtmr2", measurement(TdxQuoteLayout.RTMR2));
		measurements.put("rtmr3", measurement(TdxQuoteLayout.RTMR3));
		return measurements;
	}

	private String measurement(int offset) {
		int start = TdxQuoteLayout.V4_REPORT_OFFSET + offset;
		return HexFormat.of().formatHex(this.quote, start, start + TdxQuoteLayout.MEASUREMENT_SIZE);
	}

	@Override
	public byte[] quote(byte[] reportData) {
		if (reportData.length != TdxQuoteLayout.REPORT_DATA_SIZE) {
			throw new IllegalArgumentException("report data must be 64 bytes, got " + reportData.length);
		}
		this.quotes.incrementAndGet();
		byte[] patched = Arrays.copyOf(this.quote, this.quote.length);
		System.arraycopy(reportData, 0, patched, TdxQuoteLayout.V4_REPORT_OFFSET + TdxQuoteLayout.REPORT_DATA,
				reportData.length);
		return patched;
	}

	int quotesIssued() {
		return this.quotes.get();
	}

}
