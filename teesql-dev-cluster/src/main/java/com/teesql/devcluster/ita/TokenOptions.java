package com.teesql.devcluster.ita;

import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * What one token issued by {@link DevTrustAuthority} looks like; a snapshot of its knobs.
 *
 * @param algorithm the signing algorithm (PS384 or RS256, as requested)
 * @param jku the JWKS URL written into the header
 * @param signingKey which key signs
 * @param expired whether the token expired long ago
 * @param claimsAtTopLevel put the TDX claims at the top level (v1 style) instead of under {@code tdx}
 * @param omitReportData leave out {@code tdx_report_data}
 * @param mrTdOverride the {@code tdx_mrtd} to claim instead of the quote's, or {@code null}
 * @param tcbStatus the {@code attester_tcb_status}
 * @param advisoryIds the {@code attester_advisory_ids}
 */
record TokenOptions(JWSAlgorithm algorithm, String jku, TokenSigningKey signingKey, boolean expired,
		boolean claimsAtTopLevel, boolean omitReportData, String mrTdOverride, String tcbStatus,
		List<String> advisoryIds) {

	TokenOptions {
		advisoryIds = List.copyOf(advisoryIds);
	}

}
