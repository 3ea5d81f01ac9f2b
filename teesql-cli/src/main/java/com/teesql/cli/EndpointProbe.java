package com.teesql.cli;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLSocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.QuoteVerifierSettings;
import com.teesql.jdbc.attestation.VerifierKind;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityApiKeyMissingException;
import com.teesql.jdbc.attestation.ita.IntelTrustAuthorityConfig;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.tls.CertificateFiles;
import com.teesql.jdbc.tls.RaTlsConnector;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.SslNegotiation;

/**
 * The path shared by the commands that attest a live endpoint ({@code check-endpoint}, {@code pin}): the RA-TLS
 * handshake and the whole verification exactly as the driver performs them, closed before any byte of the PostgreSQL
 * protocol, so no secret is needed or sent.
 */
final class EndpointProbe {

	/** The options every probing command understands. */
	static final Set<String> OPTIONS = Set.of("url", "dstack-endpoint", "verifier", "root-ca", "pccs-url",
			"collateral-dir", "tcb-status", "ssl-negotiation", "handshake-timeout-ms");

	private EndpointProbe() {
	}

	/**
	 * Connector settings from the shared options, for the target of {@code --url}.
	 * @param arguments the parsed options
	 * @param dsn the parsed {@code --url}
	 * @return the builder (no cache: every probe verifies)
	 * @throws UsageException on a bad option
	 * @throws IOException if a certificate file cannot be read
	 */
	static RaTlsConnectorConfig.Builder config(CliArguments arguments, TeeSqlDsn dsn)
			throws UsageException, IOException {
		return RaTlsConnectorConfig.builder(dsn.host(), dsn.port())
			.sslNegotiation(negotiation(arguments))
			.handshakeTimeout(Duration.ofMillis(arguments.number("handshake-timeout-ms",
					RaTlsConnectorConfig.DEFAULT_HANDSHAKE_TIMEOUT.toMillis())))
			.dstackEndpoint(arguments.optional("dstack-endpoint").orElse(null))
			.verifier(verifier(arguments))
			.cacheTtl(Duration.ZERO);
	}

	/**
	 * Attest the endpoint and disconnect.
	 * @param config the connector settings
	 * @return what was attested, and the certificate chain the server presented
	 * @throws AttestationException if the endpoint is refused
	 * @throws IOException if it cannot be reached or the connector cannot start
	 */
	static Attested attest(RaTlsConnectorConfig config) throws IOException {
		try (RaTlsConnector connector = new RaTlsConnector(config); Socket socket = connector.connect()) {
			Certificate[] peer = ((SSLSocket) socket).getSession().getPeerCertificates();
			X509Certificate[] chain = Arrays.stream(peer).map(X509Certificate.class::cast)
				.toArray(X509Certificate[]::new);
			return new Attested(connector.lastResult().orElseThrow(), chain);
		}
	}

	/**
	 * Report a refusal.
	 * @param refusal the refusal
	 * @param out the output object
	 * @return exit status 1
	 */
	static int refused(AttestationException refusal, ObjectNode out) {
		out.put("verdict", "refused");
		out.put("reason", refusal.getMessage());
		out.put("reason_code", refusal.getClass().getSimpleName());
		return 1;
	}

	/**
	 * Write what was attested.
	 * @param result the verification result
	 * @param out the output object
	 */
	static void write(AttestationResult result, ObjectNode out) {
		out.put("simulator", result.simulator());
		out.put("format", result.attestationFormat());
		out.put("platform", result.platform());
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

	private static QuoteVerifierSettings verifier(CliArguments arguments) throws UsageException, IOException {
		String kind = arguments.optional("verifier").orElse("dcap").trim().toLowerCase(Locale.ROOT);
		QuoteVerifierSettings.Builder settings = QuoteVerifierSettings.builder();
		switch (kind) {
			case "dcap" -> {
				settings.kind(VerifierKind.DCAP);
				if (arguments.optional("root-ca").isPresent()) {
					settings.dcapRootCa(CertificateFiles.read(Path.of(arguments.required("root-ca"))));
				}
				arguments.optional("pccs-url").ifPresent((url) -> settings.pccsUrl(URI.create(url)));
				arguments.optional("collateral-dir").map(Path::of).ifPresent(settings::collateralDir);
			}
			case "intel-trust-authority" -> {
				settings.kind(VerifierKind.INTEL_TRUST_AUTHORITY);
				try {
					// The key is only read from the environment here; say so before any connection is tried.
					IntelTrustAuthorityConfig.resolveApiKey(null);
				}
				catch (IntelTrustAuthorityApiKeyMissingException ex) {
					throw new UsageException(ex.getMessage());
				}
			}
			case "none" -> settings.kind(VerifierKind.NONE);
			default -> throw new UsageException(
					"--verifier must be dcap, intel-trust-authority or none, got '" + kind + "'");
		}
		return settings.build();
	}

	/**
	 * The outcome of an accepted probe.
	 *
	 * @param result the verification result
	 * @param chain the server's certificate chain, leaf first
	 */
	record Attested(AttestationResult result, X509Certificate[] chain) {
	}

}
