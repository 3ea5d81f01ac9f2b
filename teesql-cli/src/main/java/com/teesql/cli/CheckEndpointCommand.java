package com.teesql.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.IdentityNotPinnedException;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;
import com.teesql.jdbc.tls.CertificateFiles;

/**
 * {@code check-endpoint --url postgresql://…}: the operator's pre-flight check. Performs the RA-TLS handshake and
 * the whole verification exactly as the driver would ({@link EndpointProbe}), prints what was attested, and closes
 * the connection before any byte of the PostgreSQL protocol (so no secret is needed or sent). Without an identity pin
 * ({@code --app-id}, {@code --compose-hash} or {@code --kms-root-ca}) it still checks the endpoint, since nothing is
 * sent, but says that the driver would refuse to start with such a configuration.
 */
final class CheckEndpointCommand implements CliCommand {

	private static final Set<String> VALUED = valued();

	private static final Set<String> FLAGS = Set.of("allow-simulator", "allow-debug");

	private static Set<String> valued() {
		Set<String> valued = new HashSet<>(EndpointProbe.OPTIONS);
		valued.addAll(List.of("mrtd", "app-id", "compose-hash", "kms-root-ca"));
		return Set.copyOf(valued);
	}

	@Override
	public int run(List<String> args, ObjectNode out) throws UsageException, IOException {
		CliArguments arguments = CliArguments.parse(args, VALUED, FLAGS);
		TeeSqlDsn dsn = TeeSqlDsn.parse(arguments.required("url"));
		out.put("target", dsn.host() + ":" + dsn.port());
		RaTlsConnectorConfig.Builder builder = EndpointProbe.config(arguments, dsn)
			.allowSimulator(arguments.flag("allow-simulator"))
			.policy(VerifyQuoteCommand.policy(arguments));
		if (arguments.optional("kms-root-ca").isPresent()) {
			builder.kmsRootCa(CertificateFiles.read(Path.of(arguments.required("kms-root-ca"))));
		}
		RaTlsConnectorConfig pinned = builder.build();
		boolean identityPinned = pinned.identityPinned() || pinned.allowSimulator();
		out.put("identity_pinned", pinned.identityPinned());
		if (!identityPinned) {
			out.put("warning", "no identity pin given (--app-id, --compose-hash or --kms-root-ca): any genuine TDX "
					+ "machine is accepted here, and the driver refuses to start with such a configuration ("
					+ new IdentityNotPinnedException(dsn.host() + ":" + dsn.port(), false).getMessage()
					+ "). 'teesql-cli pin' prints the values this endpoint presents, to confirm with the operator.");
		}
		// Nothing is sent to the endpoint, so checking an unpinned one is safe; the warning above says what the driver
		// would do.
		RaTlsConnectorConfig config = identityPinned ? pinned : builder.requireIdentity(false).build();
		try {
			EndpointProbe.Attested attested = EndpointProbe.attest(config);
			out.put("verdict", "accepted");
			out.putNull("reason");
			EndpointProbe.write(attested.result(), out);
			return 0;
		}
		catch (AttestationException ex) {
			return EndpointProbe.refused(ex, out);
		}
	}

}
