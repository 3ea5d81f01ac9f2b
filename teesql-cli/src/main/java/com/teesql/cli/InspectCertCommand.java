package com.teesql.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.teesql.jdbc.attestation.AttestationExtractor;
import com.teesql.jdbc.attestation.RaTlsEvidence;
import com.teesql.jdbc.attestation.ReportDataBinding;
import com.teesql.jdbc.attestation.VersionedAttestation;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.tls.CertificateFiles;

/**
 * {@code inspect-cert --cert FILE} (DER or PEM): which RA-TLS extension the certificate carries, its envelope, the
 * quote fields, and whether the quote binds the certificate's key.
 */
final class InspectCertCommand implements CliCommand {

	@Override
	public int run(List<String> args, ObjectNode out) throws UsageException, IOException {
		CliArguments arguments = CliArguments.parse(args, Set.of("cert"));
		X509Certificate certificate = CertificateFiles.read(Path.of(arguments.required("cert")));
		out.put("subject", certificate.getSubjectX500Principal().getName());
		Optional<RaTlsEvidence> evidence = AttestationExtractor.extract(certificate);
		if (evidence.isEmpty()) {
			out.putNull("extension_oid");
			out.put("report_data_binds_spki", false);
			return 0;
		}
		RaTlsEvidence found = evidence.get();
		out.put("extension_oid", found.source().oid());
		out.put("envelope_version", found.attestation().isPresent() ? "v0" : null);
		QuoteJson.write(found.quote(), out);
		out.put("report_data_binds_spki", binds(certificate, found));
		Optional<VersionedAttestation> attestation = found.attestation();
		out.put("app_id", attestation.flatMap(VersionedAttestation::appId).orElse(null));
		out.put("compose_hash", attestation.flatMap(VersionedAttestation::composeHash).orElse(null));
		out.put("instance_id", attestation.flatMap(VersionedAttestation::instanceId).orElse(null));
		return 0;
	}

	private static boolean binds(X509Certificate certificate, RaTlsEvidence evidence) throws IOException {
		try {
			ReportDataBinding.verify(certificate, evidence.quote());
			return true;
		}
		catch (ReportDataBindingException ex) {
			return false;
		}
	}

}
