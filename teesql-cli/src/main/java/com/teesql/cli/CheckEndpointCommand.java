package com.teesql.cli;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.QuoteVerifier;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.attestation.dcap.DcapQuoteVerifier;
import com.teesql.jdbc.attestation.dcap.PcsCollateralClient;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.SslNegotiation;

/**
 * {@code check-endpoint --url postgresql://…}: the operator's pre-flight check. Performs the RA-TLS handshake and
 * the whole verification exactly as the driver would, prints what was attested, and closes the connection before
 * any byte of the PostgreSQL protocol (so no secret is needed or sent).
 */
final class CheckEndpointCommand implements CliCommand {

	private static final Set<String> VALUED = Set.of("url", "dstack-endpoint", "verifier", "root-ca", "pccs-url",
			"collateral-dir", "mrtd", "tcb-status", "ssl-negotiation", "handshake-timeout-ms", "kms-root-ca");

	private static final Set<String> FLAGS = Set.of("allow-simulator", "allow-debug");

	@Override
	public int run(List<String> args, ObjectNode out) throws UsageException, IOException {
		CliArguments arguments = CliArguments.parse(args, VALUED, FLAGS);
		TeeSqlDsn dsn = TeeSqlDsn.parse(arguments.required("url"));
		out.put("target", dsn.host() + ":" + dsn.port());
		RaTlsConnectorConfig.Builder config = RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.sslNegotiation(negotiation(arguments))
			.handshakeTimeout(Duration.ofMillis(arguments.number("handshake-timeout-ms", 5000)))
			.allowSimulator(arguments.flag("allow-simulator"))
			.dstackEndpoint(arguments.optional("dstack-endpoint").orElse(null))
			.policy(VerifyQuoteCommand.policy(arguments))
			.quoteVerifier(verifier(arguments))
			.cacheTtl(Duration.ZERO);
		if (arguments.optional("kms-root-ca").isPresent()) {
			config.kmsRootCa(CertificateFiles.read(Path.of(arguments.required("kms-root-ca"))));
		}
		try (RaTlsConnector connector = new RaTlsConnector(config.build())) {
			try (Socket ignored = connector.connect()) {
				AttestationResult result = connector.lastResult().orElseThrow();
				out.put("verdict", "accepted");
				out.putNull("reason");
				write(result, out);
				return 0;
			}
			catch (AttestationException ex) {
				out.put("verdict", "refused");
				out.put("reason", ex.getMessage());
				out.put("reason_code", ex.getClass().getSimpleName());
				return 1;
			}
		}
	}

	private static void write(AttestationResult result, ObjectNode out) {
		out.put("simulator", result.simulator());
		out.put("leaf_sha256", result.leafSha256());
		out.put("verifier", result.verifierName());
		out.put("tcb_status", result.tcbStatus());
		out.put("mr_td", result.mrtd());
		out.put("rtmr0", result.rtmr0());
		out.put("rtmr1", result.rtmr1());
		out.put("rtmr2", result.rtmr2());
		out.put("rtmr3", result.rtmr3());
		out.put("debug", result.debug());
		out.put("app_id", result.appId());
		out.put("compose_hash", result.composeHash());
		out.put("instance_id", result.instanceId());
	}

	private static SslNegotiation negotiation(CliArguments arguments) throws UsageException {
		String value = arguments.optional("ssl-negotiation").orElse("direct");
		try {
			return SslNegotiation.valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException("--ssl-negotiation must be direct or postgres, got '" + value + "'");
		}
	}

	private static QuoteVerifier verifier(CliArguments arguments) throws UsageException, IOException {
		String kind = arguments.optional("verifier").orElse("dcap").trim().toLowerCase(Locale.ROOT);
		return switch (kind) {
			case "dcap" -> {
				X509Certificate root = arguments.optional("root-ca").isPresent()
						? CertificateFiles.read(Path.of(arguments.required("root-ca"))) : null;
				URI pccs = URI.create(arguments.optional("pccs-url").orElse(PcsCollateralClient.INTEL_PCS.toString()));
				Path collateral = arguments.optional("collateral-dir").map(Path::of).orElse(null);
				yield DcapQuoteVerifier.create(root, pccs, collateral, PcsCollateralClient.DEFAULT_TIMEOUT);
			}
			case "intel-trust-authority" -> create(VerifierKind.INTEL_TRUST_AUTHORITY);
			case "none" -> create(VerifierKind.NONE);
			default -> throw new UsageException(
					"--verifier must be dcap, intel-trust-authority or none, got '" + kind + "'");
		};
	}

	private static QuoteVerifier create(VerifierKind kind) throws UsageException {
		try {
			return kind.create();
		}
		catch (IllegalStateException ex) {
			throw new UsageException(ex.getMessage());
		}
	}

}
