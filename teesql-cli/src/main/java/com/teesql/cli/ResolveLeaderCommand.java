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
 * {@code resolve-leader --domain D --signer 0x… (--cluster 0x… | --any-cluster) [--resolver host:port]...
 * [--min-epoch N] [--clock-skew SECONDS] [--timeout-ms N]}: looks up {@code _teesql-leader.<D>} over DNS (the
 * system's resolvers unless given), verifies it as the driver does and prints the manifest and the host and port the
 * driver would dial. {@code --cluster} is required, as {@code teesql.manifest.cluster-address} is for the driver: one
 * signer may sign manifests for several clusters. {@code --any-cluster} accepts any cluster the signer signs, for
 * finding out which cluster a domain publishes (to confirm with the operator). Exit 1 when the manifest is missing or
 * refused, 2 on a usage error or when DNS cannot be asked.
 */
final class ResolveLeaderCommand implements CliCommand {

	private static final Set<String> VALUED = Set.of("domain", "signer", "resolver", "cluster", "min-epoch",
			"clock-skew", "timeout-ms");

	private static final String ANY_CLUSTER = "any-cluster";

	@Override
	public int run(List<String> args, ObjectNode out) throws UsageException, IOException {
		CliArguments arguments = CliArguments.parse(args, VALUED, Set.of(ANY_CLUSTER));
		String domain = arguments.required("domain");
		boolean anyCluster = arguments.flag(ANY_CLUSTER);
		if (anyCluster && arguments.optional("cluster").isPresent()) {
			throw new UsageException("--cluster and --any-cluster exclude each other");
		}
		if (!anyCluster && arguments.optional("cluster").isEmpty()) {
			throw new UsageException("missing required option --cluster: the cluster address the operator publishes "
					+ "(one signer may sign manifests for several clusters); --any-cluster accepts any cluster the "
					+ "signer signs, to find out which one this domain publishes");
		}
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
			out.put("cluster_checked", !anyCluster);
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
