package com.teesql.cli;

import java.util.HexFormat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.TdxQuote;

/**
 * Writes the header and TD-report fields of a quote, lowercase hex.
 */
final class QuoteJson {

	private static final HexFormat HEX = HexFormat.of();

	private QuoteJson() {
	}

	static void write(TdxQuote quote, ObjectNode out) {
		out.put("quote_version", quote.version());
		out.put("attestation_key_type", quote.attestationKeyType());
		out.put("tee_type", String.format("0x%08x", quote.teeType()));
		out.put("qe_vendor_id", HEX.formatHex(quote.qeVendorId()));
		out.put("body_type", quote.bodyType());
		out.put("tee_tcb_svn", HEX.formatHex(quote.teeTcbSvn()));
		out.put("mr_seam", HEX.formatHex(quote.mrSeam()));
		out.put("mr_signer_seam", HEX.formatHex(quote.mrSignerSeam()));
		out.put("seam_attributes", HEX.formatHex(quote.seamAttributes()));
		out.put("td_attributes", HEX.formatHex(quote.tdAttributes()));
		out.put("xfam", HEX.formatHex(quote.xfam()));
		out.put("mr_td", quote.mrTdHex());
		out.put("mr_config_id", HEX.formatHex(quote.mrConfigId()));
		out.put("mr_owner", HEX.formatHex(quote.mrOwner()));
		out.put("mr_owner_config", HEX.formatHex(quote.mrOwnerConfig()));
		for (int i = 0; i < 4; i++) {
			out.put("rtmr" + i, quote.rtmrHex(i));
		}
		out.put("report_data", HEX.formatHex(quote.reportData()));
		quote.teeTcbSvn2().ifPresent((value) -> out.put("tee_tcb_svn2", HEX.formatHex(value)));
		quote.mrServiceTd().ifPresent((value) -> out.put("mr_service_td", HEX.formatHex(value)));
		out.put("debug", quote.isDebug());
	}

}
