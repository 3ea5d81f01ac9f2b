package com.teesql.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.AttestationPolicy;
import com.teesql.jdbc.attestation.RaTlsEvidence;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VerifiedQuote;
import com.teesql.jdbc.attestation.dcap.DcapCollateral;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException;
import com.teesql.jdbc.attestation.dcap.DcapVerificationResult;
import com.teesql.jdbc.attestation.dcap.DcapVerifier;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.tls.CertificateFiles;

/**
 * {@code verify-quote --quote FILE --collateral FILE [--now UNIX_SECONDS] [--root-ca FILE] [--allow-debug]
 * [--mrtd HEX]... [--tcb-status S]...}: local DCAP verification plus the client's policy, offline.
 */
final class VerifyQuoteCommand implements CliCommand {

	@Override
	public int run(List<String> args, ObjectNode out) throws UsageException, IOException {
		CliArguments arguments = CliArguments.parse(args, Set.of("quote", "collateral", "now", "root-ca", "mrtd",
				"tcb-status"), Set.of("allow-debug"));
		byte[] quoteBytes = Files.readAllBytes(Path.of(arguments.required("quote")));
		String collateralJson = Files.readString(Path.of(arguments.required("collateral")), StandardCharsets.UTF_8);
		long now = arguments.number("now", System.currentTimeMillis() / 1000);
		AttestationPolicy policy = policy(arguments);
		DcapVerifier verifier = arguments.optional("root-ca").isPresent()
				? new DcapVerifier(CertificateFiles.read(Path.of(arguments.required("root-ca"))))
				: DcapVerifier.withIntelRoot();
		TdxQuote quote = TdxQuote.parse(quoteBytes);
		QuoteJson.write(quote, out);
		try {
			DcapVerificationResult result = verifier.verify(quoteBytes, DcapCollateral.fromJson(collateralJson), now);
			out.put("status", result.status().intelName());
			ArrayNode advisories = out.putArray("advisory_ids");
			result.advisoryIds().forEach(advisories::add);
			VerifiedQuote verified = new VerifiedQuote(result.status().intelName(), result.advisoryIds(), "dcap",
					Optional.empty());
			policy.check(new RaTlsEvidence(RaTlsEvidence.Source.LEGACY_QUOTE, quote, Optional.empty()), verified);
			out.put("verdict", "accepted");
			out.putNull("reason");
			return 0;
		}
		catch (AttestationException ex) {
			out.put("verdict", "refused");
			out.put("reason", ex.getMessage());
			out.put("reason_code", (ex instanceof DcapVerificationException dcap) ? dcap.reason().name()
					: ex.getClass().getSimpleName());
			return 1;
		}
	}

	static AttestationPolicy policy(CliArguments arguments) throws UsageException {
		try {
			AttestationPolicy.Builder builder = AttestationPolicy.builder()
				.allowDebugMode(arguments.flag("allow-debug"))
				.allowedMrtds(arguments.all("mrtd"))
				.allowedAppIds(arguments.all("app-id"))
				.allowedComposeHashes(arguments.all("compose-hash"));
			if (!arguments.all("tcb-status").isEmpty()) {
				builder.acceptableTcbStatuses(arguments.all("tcb-status"));
			}
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException(ex.getMessage().replace("teesql.attestation.allowed-mrtd", "--mrtd")
				.replace("teesql.attestation.allowed-app-id", "--app-id")
				.replace("teesql.attestation.allowed-compose-hash", "--compose-hash")
				.replace("teesql.attestation.acceptable-tcb-statuses", "--tcb-status"));
		}
	}

}
