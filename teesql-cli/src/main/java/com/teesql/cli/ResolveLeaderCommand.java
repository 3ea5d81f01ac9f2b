package com.teesql.cli;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.manifest.LeaderManifest;
import com.teesql.jdbc.manifest.ManifestException;
import com.teesql.jdbc.manifest.ManifestResolutionException;
import com.teesql.jdbc.manifest.ManifestResolver;

/**
 * {@code resolve-leader --domain D --signer 0x… [--resolver host:port]... [--cluster 0x…] [--min-epoch N]
 * [--clock-skew SECONDS] [--timeout-ms N]}: looks up {@code _teesql-leader.<D>} over DNS (the system's resolvers
 * unless given), verifies it as the driver does and prints the manifest and the host and port the driver would dial.
 * Exit 1 when the manifest is missing or refused, 2 when DNS cannot be asked.
 */
final class ResolveLeaderCommand implements CliCommand {

	private static final Set<String> VALUED = Set.of("domain", "signer", "resolver", "cluster", "min-epoch",
			"clock-skew", "timeout-ms");

	@Override
	public int run(List<String> args, ObjectNode out) throws UsageException, IOException {
		CliArguments arguments = CliArguments.parse(args, VALUED);
		String domain = arguments.required("domain");
		long timeoutMillis = arguments.number("timeout-ms", ManifestResolver.DEFAULT_TIMEOUT.toMillis());
		ManifestResolver resolver;
		try {
			out.put("record_name", ManifestResolver.recordName(domain));
			resolver = ManifestResolver.builder(VerifyManifestCommand.verifier(arguments, Clock.systemUTC()))
				.resolvers(arguments.all("resolver"))
				.timeout(Duration.ofMillis(timeoutMillis))
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException(ex.getMessage());
		}
		try {
			LeaderManifest manifest = resolver.resolve(domain);
			ManifestJson.write(manifest, out);
			out.put("target", manifest.target().toString());
			out.put("verdict", "accepted");
			out.putNull("reason");
			return 0;
		}
		catch (ManifestResolutionException ex) {
			throw ex;
		}
		catch (ManifestException ex) {
			out.put("verdict", "refused");
			out.put("reason", ex.getMessage());
			out.put("reason_code", ex.getClass().getSimpleName());
			return 1;
		}
	}

}
