package com.teesql.cli;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.manifest.Eip191Signature;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.ManifestEpochGuard;
import com.teesql.jdbc.manifest.ManifestException;
import com.teesql.jdbc.manifest.ManifestParser;
import com.teesql.jdbc.manifest.ManifestSignatureException;
import com.teesql.jdbc.manifest.ManifestVerifier;
import com.teesql.jdbc.manifest.ParsedManifest;

/**
 * {@code verify-manifest --txt STRING --signer 0x… [--now UNIX_SECONDS] [--cluster 0x…] [--min-epoch N]
 * [--clock-skew SECONDS]}: verifies one signed leader manifest offline exactly as the driver does (default clock
 * skew 30 s; {@code --clock-skew 0} for the official clients' rule) and prints its fields, the recovered signer and
 * the verdict.
 */
final class VerifyManifestCommand implements CliCommand {

	private static final Set<String> VALUED = Set.of("txt", "signer", "now", "cluster", "min-epoch", "clock-skew");

	@Override
	public int run(List<String> args, ObjectNode out) throws UsageException, IOException {
		CliArguments arguments = CliArguments.parse(args, VALUED);
		String txt = arguments.required("txt");
		long now = arguments.number("now", System.currentTimeMillis() / 1000);
		ManifestVerifier verifier = verifier(arguments, Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
		out.put("now", now);
		try {
			ParsedManifest parsed = ManifestParser.parse(txt);
			ManifestJson.write(parsed, out);
			out.put("recovered_signer", recoverQuietly(parsed));
			LeaderManifest manifest = verifier.verify(parsed);
			ManifestJson.write(manifest, out);
			out.put("verdict", "accepted");
			out.putNull("reason");
			return 0;
		}
		catch (ManifestException ex) {
			ManifestJson.clearFields(out);
			out.put("verdict", "refused");
			out.put("reason", ex.getMessage());
			out.put("reason_code", ex.getClass().getSimpleName());
			return 1;
		}
	}

	private static String recoverQuietly(ParsedManifest parsed) {
		try {
			return Eip191Signature.recoverSigner(parsed.canonicalBody(), parsed.signatureBytes());
		}
		catch (ManifestSignatureException ex) {
			return null;
		}
	}

	/**
	 * The verifier for {@code --signer}, {@code --cluster}, {@code --min-epoch} and {@code --clock-skew}.
	 */
	static ManifestVerifier verifier(CliArguments arguments, Clock clock) throws UsageException {
		long minEpoch = arguments.number("min-epoch", 0);
		long skew = arguments.number("clock-skew", ManifestVerifier.DEFAULT_CLOCK_SKEW_SECONDS);
		try {
			return ManifestVerifier.builder(arguments.required("signer"))
				.expectedCluster(arguments.optional("cluster").orElse(null))
				.epochGuard(new ManifestEpochGuard(minEpoch))
				.clockSkew(Duration.ofSeconds(skew))
				.clock(clock)
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException(ex.getMessage());
		}
	}

}
