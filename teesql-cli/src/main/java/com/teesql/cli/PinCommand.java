package com.teesql.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.AttestationResult;
import com.teesql.jdbc.attestation.KmsRootPin;
import com.teesql.jdbc.dsn.TeeSqlDsn;
import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.errors.CertChainVerificationException;
import com.teesql.jdbc.tls.RaTlsConnectorConfig;

/**
 * {@code pin --url postgresql://…}: attests an endpoint exactly as {@code check-endpoint} does, then prints the
 * {@code application.yml} block that pins what it saw: the app-id and compose-hash (attested by runtime events that
 * replay to RTMR3), the MRTD, and the KMS root when the server's chain carries one. The values come from whatever
 * answered at that address, so the output says to confirm them with the cluster's operator before use: the command
 * turns "trust on first use" into a value a human can compare, it does not make it trustworthy.
 */
final class PinCommand implements CliCommand {

	/** The notice printed with every block; a pin nobody confirmed only pins whoever answered first. */
	static final String CONFIRM = "Values presented by %s and verified by this command. CONFIRM EVERY VALUE WITH THE "
			+ "CLUSTER'S OPERATOR BEFORE USE: this command trusts whatever answered at that address.";

	private static final Set<String> VALUED = valued();

	private static Set<String> valued() {
		Set<String> valued = new HashSet<>(EndpointProbe.OPTIONS);
		valued.add("kms-root-out");
		return Set.copyOf(valued);
	}

	@Override
	public int run(List<String> args, ObjectNode out) throws UsageException, IOException {
		CliArguments arguments = CliArguments.parse(args, VALUED);
		TeeSqlDsn dsn = TeeSqlDsn.parse(arguments.required("url"));
		String target = dsn.host() + ":" + dsn.port();
		out.put("target", target);
		// Finding out the identity is this command's purpose, so none can be required; nothing is sent to the endpoint.
		RaTlsConnectorConfig config = EndpointProbe.config(arguments, dsn)
			.policy(VerifyQuoteCommand.policy(arguments))
			.requireIdentity(false)
			.build();
		EndpointProbe.Attested attested;
		try {
			attested = EndpointProbe.attest(config);
		}
		catch (AttestationException ex) {
			return EndpointProbe.refused(ex, out);
		}
		AttestationResult result = attested.result();
		out.put("verdict", "accepted");
		out.putNull("reason");
		EndpointProbe.write(result, out);
		Optional<X509Certificate> kmsRoot = kmsRoot(attested.chain());
		Path kmsRootFile = null;
		if (kmsRoot.isPresent()) {
			ObjectNode root = out.putObject("kms_root");
			root.put("subject", kmsRoot.get().getSubjectX500Principal().getName());
			root.put("sha256", sha256(kmsRoot.get()));
			root.put("pem", pem(kmsRoot.get()));
			if (arguments.optional("kms-root-out").isPresent()) {
				kmsRootFile = Path.of(arguments.required("kms-root-out")).toAbsolutePath();
				Files.writeString(kmsRootFile, pem(kmsRoot.get()), StandardCharsets.US_ASCII);
				root.put("file", kmsRootFile.toString());
			}
		}
		else {
			out.putNull("kms_root");
			X509Certificate top = attested.chain()[attested.chain().length - 1];
			out.put("kms_root_note", "the server's chain ends at \"" + top.getIssuerX500Principal().getName()
					+ "\" without a root certificate: ask the operator for the cluster's KMS root "
					+ "(teesql.attestation.kms-root-ca)");
		}
		ArrayNode pins = out.putArray("pins");
		if (result.appId() != null) {
			pins.add("teesql.attestation.allowed-app-id");
		}
		if (result.composeHash() != null) {
			pins.add("teesql.attestation.allowed-compose-hash");
		}
		if (kmsRoot.isPresent()) {
			pins.add("teesql.attestation.kms-root-ca");
		}
		if (pins.isEmpty()) {
			out.put("pinnable", false);
			out.put("reason", "the endpoint attests no app-id and no compose-hash (legacy certificate) and its chain "
					+ "carries no KMS root: nothing here identifies the deployment. Ask the operator for the cluster's "
					+ "KMS root certificate (teesql.attestation.kms-root-ca)");
			return 1;
		}
		out.put("pinnable", true);
		String notice = CONFIRM.formatted(target);
		out.put("confirm_with_operator", notice);
		out.put("application_yml", yaml(notice, result, kmsRoot.isPresent(), kmsRootFile));
		return 0;
	}

	// Values are quoted: an all-digit hex string would otherwise be read by YAML as a number (losing leading zeros).
	private static String yaml(String notice, AttestationResult result, boolean kmsRoot, Path kmsRootFile) {
		List<String> lines = new ArrayList<>();
		lines.add("# teesql-cli pin, " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ": verified by "
				+ result.verifierName() + ", TCB status " + result.tcbStatus() + ".");
		lines.add("# " + notice);
		lines.add("teesql:");
		lines.add("  attestation:");
		if (result.appId() != null) {
			lines.add("    allowed-app-id:");
			lines.add("      - \"" + result.appId() + "\"");
		}
		if (result.composeHash() != null) {
			lines.add("    allowed-compose-hash:");
			lines.add("      - \"" + result.composeHash() + "\"");
		}
		lines.add("    allowed-mrtd:");
		lines.add("      - \"" + result.mrtd() + "\"");
		if (kmsRoot) {
			lines.add((kmsRootFile != null) ? "    kms-root-ca: \"file:" + kmsRootFile + "\""
					: "    # kms-root-ca: \"file:kms-root.pem\"   # save kms_root.pem of this output there, or rerun "
							+ "with --kms-root-out FILE");
		}
		return String.join("\n", lines) + "\n";
	}

	/**
	 * The root the chain anchors to, if the server sent it: a self-signed last certificate above the leaf, checked
	 * exactly as {@code teesql.attestation.kms-root-ca} would check it.
	 */
	private static Optional<X509Certificate> kmsRoot(X509Certificate[] chain) {
		if (chain.length < 2) {
			return Optional.empty();
		}
		X509Certificate top = chain[chain.length - 1];
		if (!top.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
			return Optional.empty();
		}
		try {
			top.verify(top.getPublicKey());
			new KmsRootPin(top).check(chain);
			return Optional.of(top);
		}
		catch (GeneralSecurityException | CertChainVerificationException ex) {
			return Optional.empty();
		}
	}

	private static String pem(X509Certificate certificate) throws IOException {
		try {
			return "-----BEGIN CERTIFICATE-----\n"
					+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(certificate.getEncoded())
					+ "\n-----END CERTIFICATE-----\n";
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("the KMS root certificate cannot be encoded", ex);
		}
	}

	private static String sha256(X509Certificate certificate) throws IOException {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("the KMS root certificate cannot be encoded", ex);
		}
	}

}
